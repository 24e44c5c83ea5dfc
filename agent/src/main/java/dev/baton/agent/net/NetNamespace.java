package dev.baton.agent.net;

import dev.baton.agent.exec.Libc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A thread inside a named network namespace (/run/netns/NAME, as made by ip-netns). setns(2) switches
 * only the calling thread, so sockets it opens, and processes it starts, live in that namespace while
 * the rest of the JVM stays where it is. For tests and benchmarks that play several nodes in one JVM.
 */
public final class NetNamespace {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private NetNamespace() {
    }

    /** A single-thread executor whose thread has entered the namespace. Shut it down when done. */
    public static ExecutorService thread(String name) {
        String path = "/run/netns/" + name;
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                int fd = Libc.INSTANCE.open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0 || Libc.INSTANCE.setns(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException("cannot enter network namespace " + path);
                }
                Libc.INSTANCE.close(fd);
                r.run();
            }, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
    }
}
