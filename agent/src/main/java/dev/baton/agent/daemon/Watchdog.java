package dev.baton.agent.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The watchdog this agent feeds for watchdog self-fencing (stonith-watchdog-timeout; sbd without a shared disk): a
 * device such as /dev/watchdog (the {@code softdog} module, or the board's own) that resets the machine when it is
 * not written to for its timeout. It is written every quarter of that timeout, on a thread of its own, and only while
 * the agent is healthy ({@code healthy}: not isolated, its lease valid, the condition that keeps its resources
 * running). It stops for good once the agent is not healthy, or is told to self-fence ({@link #selfFence}). A frozen or killed agent stops feeding too: the
 * device, not the JVM's good will, makes the reset happen — which is why the operator may take a node as fenced once
 * stonith-watchdog-timeout (longer than this timeout) has passed.
 *
 * <p>A regular file works as the device (the lab's emulation, hack/lab/watchdog/baton_lab_watchdog, watches its
 * modification time): each feed rewrites its first byte ('1'). A clean {@link #close()} disarms the watchdog with the
 * Linux magic close ('V', as sbd does on a clean exit; the lab's emulation reads it so too) only while still feeding:
 * a self-fenced or isolated agent never disarms it, and a killed or frozen one cannot.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());
    private static final ByteBuffer FEED = ByteBuffer.wrap(new byte[] {'1'}).asReadOnlyBuffer();

    private final Path device;
    private final long timeoutMs;
    private final BooleanSupplier healthy;
    private final boolean regularFile;
    private final FileChannel channel;
    private final ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watchdog-feeder");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    });
    private final AtomicLong feeds = new AtomicLong();
    private volatile String stopped;

    /** Opens the device (a regular file is created if missing); it is not fed before {@link #start()}. */
    Watchdog(Path device, long timeoutMs, BooleanSupplier healthy) throws IOException {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("watchdog-timeout must be positive, got " + timeoutMs + " ms");
        }
        this.device = device;
        this.timeoutMs = timeoutMs;
        this.healthy = healthy;
        boolean exists = Files.exists(device);
        this.regularFile = !exists || Files.isRegularFile(device);
        this.channel = regularFile
                ? FileChannel.open(device, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                : FileChannel.open(device, StandardOpenOption.WRITE);
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** How often it was written to. */
    long feeds() {
        return feeds.get();
    }

    /** Why it is no longer fed (self-fencing), or null. */
    String stopped() {
        return stopped;
    }

    void start() {
        long period = Math.max(10, timeoutMs / 4);
        feeder.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
        LOG.info(() -> "feeding watchdog " + device + " (timeout " + timeoutMs + " ms) every " + period + " ms");
    }

    /** Stops feeding for good: the watchdog resets this machine within its timeout. */
    void selfFence(String why) {
        if (stopped == null) {
            stopped = why;
            LOG.severe(() -> "self-fencing: watchdog " + device + " no longer fed (" + why + "); reset within "
                    + timeoutMs + " ms");
        }
    }

    private void tick() {
        if (stopped != null) {
            return;
        }
        if (!healthy.getAsBoolean()) {
            // for good, as sbd resets a node that lost the cluster: the operator takes this node as fenced once
            // stonith-watchdog-timeout has passed, so feeding again if the lease came back (with what it ran
            // under no-quorum-policy=freeze still running) would leave it running beside its replacement
            selfFence("its lease lapsed: cut off from the API");
            return;
        }
        try {
            write(FEED.duplicate());
            feeds.incrementAndGet();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot feed watchdog " + device, e);
        }
    }

    private synchronized void write(ByteBuffer b) throws IOException {
        if (regularFile) {
            channel.write(b, 0); // the first byte again: the file's mtime moves, its size does not grow
        } else {
            channel.write(b);
        }
    }

    @Override
    public void close() {
        feeder.shutdownNow();
        try {
            if (stopped == null) {
                write(ByteBuffer.wrap(new byte[] {'V'})); // the magic close: a clean exit disarms it
            }
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing watchdog " + device, e);
        }
    }
}
