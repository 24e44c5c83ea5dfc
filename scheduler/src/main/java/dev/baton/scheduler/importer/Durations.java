package dev.baton.scheduler.importer;

import java.util.Locale;

/** Pacemaker interval/timeout forms ("10", "10s", "500ms", "1min", "2h", "PT5S") to milliseconds. */
public final class Durations {
    private Durations() {
    }

    public static long toMillis(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            // ISO 8601; Pacemaker accepts the date-less form without "T" ("P10S")
            String iso = t.toUpperCase(Locale.ROOT);
            if (!iso.contains("T") && !iso.matches("P\\d+[DW]")) {
                iso = "PT" + iso.substring(1);
            }
            return java.time.Duration.parse(iso).toMillis();
        }
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        double n = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i).trim();
        long factor = switch (unit) {
            case "", "s", "sec", "secs" -> 1000;
            case "ms", "msec", "msecs" -> 1;
            case "us", "usec", "usecs" -> 0;
            case "m", "min", "mins" -> 60_000;
            case "h", "hr", "hrs" -> 3_600_000;
            default -> throw new IllegalArgumentException("not a duration: " + s);
        };
        return Math.round(n * factor);
    }
}
