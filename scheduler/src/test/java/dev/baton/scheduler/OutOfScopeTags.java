package dev.baton.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pass rate of the out-of-scope conformance cases per tag that put them out of scope. Those tags are the
 * ones no tier-1/tier-2 case has (oracle.py's tier rule: any such tag makes a case "other"), so the table
 * follows the corpus without repeating its rule (a rare tag only out-of-scope cases happen to have, such as
 * order_serialize, is listed too). "alone" counts the cases where the tag is the only such tag: the cases
 * that bringing this one tag into scope can win.
 */
final class OutOfScopeTags {
    record Result(List<String> tags, boolean pass) {
    }

    private OutOfScopeTags() {
    }

    static String table(List<Result> results, Set<String> inScopeTags) {
        Map<String, int[]> byTag = new TreeMap<>();
        for (Result r : results) {
            List<String> out = r.tags().stream().filter(t -> !inScopeTags.contains(t)).toList();
            for (String t : out) {
                int[] c = byTag.computeIfAbsent(t, k -> new int[4]);
                count(c, 0, r.pass());
                if (out.size() == 1) {
                    count(c, 2, r.pass());
                }
            }
        }
        long pass = results.stream().filter(Result::pass).count();
        StringBuilder b = new StringBuilder(String.format("%nOut-of-scope cases (tier other): %d of %d pass (%.1f%%)%n",
                pass, results.size(), percent(pass, results.size())));
        b.append(String.format("%-28s %6s %6s %6s %11s%n", "out-of-scope tag", "pass", "total", "%", "alone"));
        byTag.forEach((t, c) -> b.append(String.format("%-28s %6d %6d %5.1f%% %5d/%-5d%n",
                t, c[0], c[1], percent(c[0], c[1]), c[2], c[3])));
        return b.toString();
    }

    private static void count(int[] c, int at, boolean pass) {
        c[at + 1]++;
        if (pass) {
            c[at]++;
        }
    }

    private static double percent(long n, long total) {
        return total == 0 ? 0 : 100.0 * n / total;
    }
}
