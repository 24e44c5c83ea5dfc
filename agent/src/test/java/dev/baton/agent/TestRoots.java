package dev.baton.agent;

import dev.baton.agent.exec.Roots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the test agents (src/test/resources/roots) into a fresh directory with their exec bits set. */
public final class TestRoots {
    private TestRoots() {
    }

    public static Roots copyTo(Path dir) {
        try {
            Path src = Path.of(TestRoots.class.getResource("/roots").toURI());
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path t = dir.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                        t.toFile().setExecutable(true);
                    }
                }
            }
            return new Roots(dir.resolve("ocf"), dir.resolve("init.d"), Path.of("/usr/bin/systemctl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills a daemon a test script left behind, by the pidfile beside the script. */
    public static void stopDaemon(Path pidfile) throws IOException {
        if (Files.exists(pidfile)) {
            long pid = Long.parseLong(Files.readString(pidfile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
