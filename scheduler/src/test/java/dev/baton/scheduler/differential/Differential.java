package dev.baton.scheduler.differential;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The differential tester: N generated clusters through crm_simulate and Baton, agreement per feature tag,
 * every kind of disagreement minimized into a regression case directory (input.xml, expected.json,
 * crm_simulate.txt, scores.txt: the conformance layout). Run by hack/differential.sh:
 *
 * <pre>
 *   Differential N [--seed S] [--out DIR] [--jobs J] [--minimize K] [--minimize-index I,J] [--gate FILE]
 *                [--write-gate FILE] [--cache DIR]
 *                --conformance DIR --batch hack/lib/oracle-batch.py
 * </pre>
 *
 * {@code --minimize K}: minimize up to K disagreements per kind (0: none).
 * {@code --minimize-index I,J}: minimize these disagreeing clusters instead. {@code --gate FILE}: fail (exit 1)
 * when a cluster the file lists as agreeing no longer agrees; {@code --write-gate FILE} writes today's list.
 * {@code --cache DIR} keeps crm_simulate's results on disk by CIB hash (a rerun only runs Baton).
 */
public final class Differential {
    private static final int MINIMIZE_BUDGET = 300;

    private Differential() {
    }

    public static void main(String[] args) throws Exception {
        int count = 200;
        long seed = 1;
        int jobs = Runtime.getRuntime().availableProcessors();
        int minimize = 3;
        Path out = Paths.get("scheduler/target/differential");
        Path conformance = null;
        Path batch = null;
        Path gate = null;
        Path writeGate = null;
        Path cache = null;
        boolean minimizeInvalid = false;
        List<Integer> minimizeIndex = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Paths.get(args[++i]);
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--minimize" -> minimize = Integer.parseInt(args[++i]);
                case "--conformance" -> conformance = Paths.get(args[++i]);
                case "--batch" -> batch = Paths.get(args[++i]);
                case "--gate" -> gate = Paths.get(args[++i]);
                case "--write-gate" -> writeGate = Paths.get(args[++i]);
                case "--cache" -> cache = Paths.get(args[++i]);
                case "--minimize-invalid" -> minimizeInvalid = true;
                case "--minimize-index" -> minimizeIndex = java.util.Arrays.stream(args[++i].split(","))
                        .map(Integer::valueOf).toList();
                default -> count = Integer.parseInt(args[i]);
            }
        }
        if (conformance == null || batch == null) {
            throw new IllegalArgumentException("--conformance DIR and --batch oracle-batch.py are required");
        }
        long started = System.nanoTime();
        List<Judge.Outcome> outcomes;
        List<Judge.Outcome> minimized = new ArrayList<>();
        List<Integer> minimizedIndex = new ArrayList<>();
        try (Oracle oracle = new Oracle(conformance, batch, out.resolve("work"), jobs, cache)) {
            Judge judge = new Judge(oracle);
            ExecutorService pool = Executors.newFixedThreadPool(jobs);
            try {
                List<Future<Judge.Outcome>> futures = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int index = i;
                    long s = seed;
                    futures.add(pool.submit(() -> judge.judge(CibGenerator.generate(s, index))));
                }
                outcomes = new ArrayList<>();
                for (Future<Judge.Outcome> f : futures) {
                    outcomes.add(f.get());
                    if (outcomes.size() % 100 == 0 && outcomes.size() < count) {
                        System.err.printf("%d/%d clusters%n", outcomes.size(), count);
                    }
                }
                List<Integer> chosen = minimizeIndex != null ? minimizeIndex.stream()
                        .filter(i -> outcomes.get(i).valid() && !outcomes.get(i).agrees()).toList()
                        : chooseForMinimizing(outcomes, minimize);
                List<Future<Judge.Outcome>> mins = new ArrayList<>();
                for (int i : chosen) {
                    Judge.Outcome o = outcomes.get(i);
                    mins.add(pool.submit(() -> Minimizer.minimize(judge, o, MINIMIZE_BUDGET)));
                }
                for (int k = 0; k < chosen.size(); k++) {
                    minimized.add(mins.get(k).get());
                    minimizedIndex.add(chosen.get(k));
                }
            } finally {
                pool.shutdown();
            }
            PrintStream p = System.out;
            p.print(table(outcomes));
            writeResults(out.resolve("results.tsv"), outcomes);
            writeDifferences(out.resolve("differences.txt"), outcomes);
            List<String> cases = writeCases(out.resolve("cases"), seed, minimizedIndex, minimized, oracle);
            p.println();
            p.println("Minimized disagreements (" + cases.size() + " of " + outcomes.stream().filter(o -> o.valid()
                    && !o.agrees()).count() + " disagreeing clusters; up to " + minimize + " per kind):");
            cases.forEach(p::println);
            p.printf("%nclusters: %d, seed %d, %d jobs, %.1f s%n", count, seed, jobs,
                    (System.nanoTime() - started) / 1e9);
        }
        int exit = 0;
        if (outcomes.stream().anyMatch(o -> !o.valid())) {
            System.out.println("INVALID: crm_simulate refused generated clusters (a generator bug):");
            Files.createDirectories(out.resolve("invalid"));
            for (int i = 0; i < outcomes.size(); i++) {
                if (!outcomes.get(i).valid()) {
                    Path f = out.resolve("invalid").resolve("s" + seed + "-" + i + ".xml");
                    Files.writeString(f, outcomes.get(i).xml());
                    if (minimizeInvalid) {
                        Files.writeString(out.resolve("invalid").resolve("s" + seed + "-" + i + "-min.xml"),
                                minimizeInvalid(conformance, batch, out, outcomes.get(i)).xml());
                    }
                    System.out.println("  " + f + ":" + outcomes.get(i).diff().get(0));
                }
            }
            exit = 1;
        }
        if (writeGate != null) {
            Gate.write(writeGate, seed, outcomes);
            System.out.println("wrote " + writeGate);
        }
        if (gate != null && !Gate.check(gate, seed, outcomes, System.out)) {
            exit = 1;
        }
        System.exit(exit);
    }

    /** An invalid cluster reduced to what still makes crm_simulate fail the same way (to debug the generator). */
    private static Judge.Outcome minimizeInvalid(Path conformance, Path batch, Path out, Judge.Outcome o)
            throws IOException {
        String error = o.diff().get(0);
        try (Oracle oracle = new Oracle(conformance, batch, out.resolve("work"), 1, null)) {
            return Minimizer.minimize(new Judge(oracle), o, x -> !x.valid() && x.diff().get(0).equals(error), MINIMIZE_BUDGET);
        }
    }

    /** Up to {@code perKind} disagreements per kind of first difference, the smallest clusters first. */
    private static List<Integer> chooseForMinimizing(List<Judge.Outcome> outcomes, int perKind) {
        Map<String, List<Integer>> byKind = new TreeMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Judge.Outcome o = outcomes.get(i);
            if (o.valid() && !o.agrees()) {
                byKind.computeIfAbsent(o.firstKind(), k -> new ArrayList<>()).add(i);
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> l : byKind.values()) {
            l.sort(Comparator.comparingInt((Integer i) -> outcomes.get(i).xml().length()).thenComparing(i -> i));
            chosen.addAll(l.subList(0, Math.min(perKind, l.size())));
        }
        chosen.sort(null);
        return chosen;
    }

    /** The agreement table: per tag (and per oracle tier), agree / total / %. */
    static String table(List<Judge.Outcome> outcomes) {
        Map<String, int[]> byTag = new TreeMap<>();
        int agree = 0;
        int valid = 0;
        for (Judge.Outcome o : outcomes) {
            if (!o.valid()) {
                continue;
            }
            valid++;
            agree += o.agrees() ? 1 : 0;
            SortedSet<String> tags = new TreeSet<>(Tags.of(o.cib()));
            tags.add("tier:" + o.expected().path("tier").asText());
            if (o.incomplete()) {
                tags.add("transition_incomplete");
            }
            for (String t : tags) {
                int[] at = byTag.computeIfAbsent(t, k -> new int[2]);
                at[0] += o.agrees() ? 1 : 0;
                at[1]++;
            }
        }
        StringBuilder b = new StringBuilder("Baton vs crm_simulate (Pacemaker 2.1.5) on generated clusters\n\n");
        b.append(String.format("%-24s %6s %6s %6s%n", "TAG", "AGREE", "TOTAL", "%"));
        byTag.forEach((t, at) -> b.append(String.format("%-24s %6d %6d %5.1f%%%n", t, at[0], at[1],
                100.0 * at[0] / at[1])));
        b.append(String.format("%-24s %6d %6d %5.1f%%%n", "OVERALL", agree, valid,
                valid == 0 ? 0 : 100.0 * agree / valid));
        Map<String, Integer> kinds = new TreeMap<>();
        for (Judge.Outcome o : outcomes) {
            if (o.valid()) {
                o.kinds().forEach(k -> kinds.merge(k, 1, Integer::sum));
            }
        }
        b.append("\nDisagreements by kind (clusters with at least one such difference):\n");
        kinds.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> b.append(String.format("  %5d  %s%n", e.getValue(), e.getKey())));
        return b.toString();
    }

    /** One line per cluster: index, verdict, size, kinds of difference, tags (for analysis beyond the table). */
    private static void writeResults(Path file, List<Judge.Outcome> outcomes) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("index\tverdict\tnodes\tprimitives\tkinds\ttags");
        for (int i = 0; i < outcomes.size(); i++) {
            Judge.Outcome o = outcomes.get(i);
            String verdict = !o.valid() ? "invalid" : o.agrees() ? "agree" : "disagree";
            lines.add(i + "\t" + verdict + "\t" + o.cib().nodes().size() + "\t" + o.cib().primitives().size()
                    + "\t" + String.join(",", o.kinds()) + "\t"
                    + String.join(" ", Tags.of(o.cib())) + (o.incomplete() ? " transition_incomplete" : ""));
        }
        Files.write(file, lines);
    }

    /** Every disagreeing cluster's differences, under its index (to read a whole run's disagreements). */
    private static void writeDifferences(Path file, List<Judge.Outcome> outcomes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Judge.Outcome o = outcomes.get(i);
            if (o.valid() && !o.agrees()) {
                lines.add(i + ":");
                lines.addAll(o.diff());
            }
        }
        Files.write(file, lines);
    }

    /** Writes each minimized case as DIR/s{seed}-{index}/ and returns "path: first difference (+n more)" lines. */
    private static List<String> writeCases(Path dir, long seed, List<Integer> index, List<Judge.Outcome> cases,
                                           Oracle oracle) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            Judge.Outcome o = cases.get(k);
            Path d = dir.resolve("s" + seed + "-" + index.get(k));
            Files.createDirectories(d);
            Files.writeString(d.resolve("input.xml"), o.xml());
            Process p = new ProcessBuilder("python3", oracle.conformance().resolve("oracle.py").toString(),
                    "simulate", "input.xml", "-o", ".").directory(d.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // exit 1 is a simulation with errors (an incomplete transition); no expected.json is a harness failure
            if (p.waitFor() > 1 || !Files.exists(d.resolve("expected.json"))) {
                throw new IOException("oracle.py simulate " + d + ": " + log);
            }
            Files.write(d.resolve("baton-diff.txt"), o.diff());
            lines.add("  " + d + ":" + o.diff().get(0).replaceFirst("^ *", " ")
                    + (o.diff().size() > 1 ? " (+" + (o.diff().size() - 1) + " more)" : "")
                    + "  [" + String.join(" ", Tags.of(o.cib())) + "]");
        }
        return lines;
    }
}
