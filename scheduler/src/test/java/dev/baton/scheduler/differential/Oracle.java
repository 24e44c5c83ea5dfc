package dev.baton.scheduler.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Debian's crm_simulate, through the project's conformance harness (../shared/conformance/oracle.py, driven by
 * hack/lib/oracle-batch.py): a CIB in, oracle.py's normalized expected.json out. One Python worker per job;
 * results are cached by the CIB's content, since minimization asks about the same reduced CIB more than once;
 * with a cache directory also on disk, so that a rerun after a scheduler change only runs Baton (the directory
 * belongs to one installed crm_simulate: clear it when that changes).
 */
final class Oracle implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path conformance;
    private final Path work;
    private final BlockingQueue<Worker> idle;
    private final List<Worker> all = new ArrayList<>();
    private final Map<String, JsonNode> cache = new ConcurrentHashMap<>();
    private final Path diskCache;

    private record Worker(Process process, BufferedWriter in, BufferedReader out) {
    }

    /** {@code diskCache}: a directory of earlier results by CIB hash, or null for none. */
    Oracle(Path conformance, Path batchScript, Path work, int jobs, Path diskCache) throws IOException {
        this.conformance = conformance;
        this.work = work;
        this.diskCache = diskCache;
        Files.createDirectories(work);
        if (diskCache != null) {
            Files.createDirectories(diskCache);
        }
        idle = new ArrayBlockingQueue<>(jobs);
        for (int i = 0; i < jobs; i++) {
            Process p = new ProcessBuilder("python3", batchScript.toString(), conformance.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Worker w = new Worker(p, new BufferedWriter(new OutputStreamWriter(p.getOutputStream(),
                    StandardCharsets.UTF_8)), new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)));
            all.add(w);
            idle.add(w);
        }
    }

    Path conformance() {
        return conformance;
    }

    /** crm_simulate's normalized decision on this CIB text. */
    JsonNode simulate(String xml) {
        String key = sha256(xml);
        JsonNode cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Path stored = diskCache == null ? null : diskCache.resolve(key + ".json");
        if (stored != null && Files.exists(stored)) {
            try {
                JsonNode doc = JSON.readTree(stored.toFile());
                cache.put(key, doc);
                return doc;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Worker w;
        try {
            w = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            Path file = work.resolve(key.substring(0, 16) + ".xml");
            Files.writeString(file, xml);
            w.in().write(file + "\n");
            w.in().flush();
            String line = w.out().readLine();
            Files.deleteIfExists(file);
            if (line == null) {
                throw new IOException("oracle-batch.py ended (exit " + w.process().waitFor() + ")");
            }
            JsonNode doc = JSON.readTree(line);
            cache.put(key, doc);
            if (stored != null) {
                // written whole, then renamed: a parallel run never reads half a result
                Path tmp = Files.createTempFile(diskCache, key.substring(0, 16), ".tmp");
                Files.writeString(tmp, line);
                Files.move(tmp, stored, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            idle.add(w);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Worker w : all) {
            try {
                w.in().close();
                w.process().waitFor();
            } catch (IOException | InterruptedException e) {
                w.process().destroy();
            }
        }
    }
}
