package dev.baton.agent.daemon;

import dev.baton.agent.exec.Roots;
import dev.baton.agent.net.NativeIPaddr2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The agents installed on this node, for HANode status (class:provider:type, class:name). */
final class AvailableAgents {
    private AvailableAgents() {
    }

    static List<String> list(Roots roots) {
        TreeSet<String> out = new TreeSet<>();
        out.add(NativeIPaddr2.AGENT);
        try (Stream<Path> providers = list(roots.ocfAgents())) {
            providers.filter(Files::isDirectory).forEach(p -> {
                try (Stream<Path> types = list(p)) {
                    types.filter(t -> Files.isRegularFile(t) && Files.isExecutable(t))
                            .forEach(t -> out.add("ocf:" + p.getFileName() + ":" + t.getFileName()));
                }
            });
        }
        try (Stream<Path> scripts = list(roots.lsbRoot())) {
            scripts.filter(t -> Files.isRegularFile(t) && Files.isExecutable(t)).forEach(t -> out.add("lsb:" + t.getFileName()));
        }
        return List.copyOf(out);
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
