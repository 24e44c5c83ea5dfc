package dev.baton.agent.exec;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one agent process: an argument vector (never a shell), a clean environment, a timeout.
 * The process starts as a session (and process-group) leader through setsid(1), so on timeout the
 * whole group dies, and any descendant that left the group is killed by pid as well.
 * Output goes to files, not pipes: an agent that leaves a daemon holding its stdout (as LSB scripts do)
 * must not keep us waiting for end-of-file.
 */
public final class ProcessRunner {
    static final int TAIL_BYTES = 2048;
    static final int STDOUT_LIMIT = 1 << 20;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    public record Outcome(boolean timedOut, int exit, String stdout, String stderr, String tail, Instant start, long durationMs) {
    }

    private ProcessRunner() {
    }

    public static Outcome run(List<String> argv, Map<String, String> env, long timeoutMs) throws IOException {
        return run(argv, env, null, timeoutMs);
    }

    /** As {@link #run(List, Map, long)}, with {@code stdin} (null: /dev/null) as the process' standard input. */
    public static Outcome run(List<String> argv, Map<String, String> env, String stdin, long timeoutMs) throws IOException {
        Path dir = Files.createTempDirectory("baton-op");
        File in = dir.resolve("stdin").toFile();
        File out = dir.resolve("stdout").toFile();
        File err = dir.resolve("stderr").toFile();
        try {
            if (stdin != null) {
                Files.writeString(in.toPath(), stdin);
            }
            List<String> cmd = new ArrayList<>(argv.size() + 1);
            cmd.add(SETSID.toString());
            cmd.addAll(argv);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : in))
                    .redirectOutput(out)
                    .redirectError(err);
            pb.environment().clear();
            pb.environment().putAll(env);
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean timedOut = false;
            try {
                if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    killTree(p.toHandle());
                    p.waitFor();
                }
            } catch (InterruptedException e) {
                killTree(p.toHandle());
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + argv.get(0), e);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String stdout = head(out, STDOUT_LIMIT);
            String stderr = tail(err, TAIL_BYTES * 4L);
            String tail = stdout.isBlank() || stderr.isBlank()
                    ? lastChars(stdout + stderr, TAIL_BYTES)
                    : lastChars(stdout, TAIL_BYTES / 2) + "\n[stderr]\n" + lastChars(stderr, TAIL_BYTES / 2);
            return new Outcome(timedOut, timedOut ? -1 : p.exitValue(), stdout, stderr, tail.strip(), start, ms);
        } finally {
            in.delete();
            out.delete();
            err.delete();
            Files.deleteIfExists(dir);
        }
    }

    /** Kills a process, its process group, and every descendant (also ones that started their own group). */
    public static void killTree(ProcessHandle root) {
        int own = Libc.INSTANCE.getpgrp();
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(root);
            root.descendants().forEach(all::add);
            Set<Integer> groups = new LinkedHashSet<>();
            for (ProcessHandle h : all) {
                int g = Libc.INSTANCE.getpgid((int) h.pid());
                if (g > 1 && g != own) {
                    groups.add(g);
                }
            }
            groups.forEach(g -> Libc.INSTANCE.kill(-g, Libc.SIGKILL));
            all.forEach(ProcessHandle::destroyForcibly);
            if (all.stream().noneMatch(ProcessHandle::isAlive) && root.descendants().findAny().isEmpty()) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String head(File f, int limit) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f, "r")) {
            byte[] b = new byte[(int) Math.min(r.length(), limit)];
            r.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static String tail(File f, long limit) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f, "r")) {
            long from = Math.max(0, r.length() - limit);
            byte[] b = new byte[(int) (r.length() - from)];
            r.seek(from);
            r.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static String lastChars(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }
}
