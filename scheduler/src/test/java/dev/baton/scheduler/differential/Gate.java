package dev.baton.scheduler.differential;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CI gate of the fixed-seed pass: a committed list of the clusters that agree with crm_simulate, each with
 * a hash of its CIB. Every listed cluster must keep agreeing; a listed hash that no longer matches means the
 * generator changed and the list must be rewritten (--write-gate) in the same commit. Clusters that agree but
 * are not listed are printed, so the list can be raised.
 */
final class Gate {
    private Gate() {
    }

    static void write(Path file, long seed, List<Judge.Outcome> outcomes) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Clusters of `hack/differential.sh " + outcomes.size() + " --seed " + seed
                + "` that agree with crm_simulate: index and the first 16 hex digits of the SHA-256 of its CIB.");
        lines.add("# hack/test.sh fails when a listed one stops agreeing. Rewrite with --write-gate (only to add"
                + " clusters, or in the commit that changes the generator).");
        lines.add("seed " + seed);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).agrees()) {
                lines.add(i + " " + Oracle.sha256(outcomes.get(i).xml()).substring(0, 16));
            }
        }
        Files.write(file, lines);
    }

    /** Prints the verdict; false when a listed cluster disagrees or is not the cluster that was listed. */
    static boolean check(Path file, long seed, List<Judge.Outcome> outcomes, PrintStream out) throws IOException {
        Map<Integer, String> listed = new TreeMap<>();
        long listedSeed = -1;
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] w = t.split("\\s+");
            if (w[0].equals("seed")) {
                listedSeed = Long.parseLong(w[1]);
            } else {
                listed.put(Integer.parseInt(w[0]), w[1]);
            }
        }
        boolean ok = true;
        if (listedSeed != seed) {
            out.println("GATE: " + file + " lists seed " + listedSeed + ", this run used seed " + seed);
            return false;
        }
        List<Integer> regressed = new ArrayList<>();
        List<Integer> changed = new ArrayList<>();
        for (Map.Entry<Integer, String> e : listed.entrySet()) {
            int i = e.getKey();
            if (i >= outcomes.size()) {
                changed.add(i);
            } else if (!Oracle.sha256(outcomes.get(i).xml()).startsWith(e.getValue())) {
                changed.add(i);
            } else if (!outcomes.get(i).agrees()) {
                regressed.add(i);
            }
        }
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).agrees() && !listed.containsKey(i)) {
                fresh.add(i);
            }
        }
        out.printf("%nGATE (%s): %d listed clusters, %d regressed, %d newly agreeing%n", file, listed.size(),
                regressed.size(), fresh.size());
        if (!changed.isEmpty()) {
            ok = false;
            out.println("  generated clusters differ from the listed ones (the generator changed; rewrite the list"
                    + " with --write-gate in the same commit): " + changed);
        }
        for (int i : regressed) {
            ok = false;
            out.println("  REGRESSION: cluster " + i + " agreed and no longer does:");
            outcomes.get(i).diff().forEach(d -> out.println("  " + d));
        }
        if (!fresh.isEmpty()) {
            out.println("  newly agreeing (raise the list with --write-gate): " + fresh);
        }
        return ok;
    }
}
