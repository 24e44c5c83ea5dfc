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
            return iso8601(t);
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

    private static long iso8601(String t) {
        // Pacemaker accepts the date-less form without "T" ("P10S")
        String iso = t.toUpperCase(Locale.ROOT);
        if (!iso.contains("T") && !iso.matches("P\\d+[DW]")) {
            iso = "PT" + iso.substring(1);
        }
        return java.time.Duration.parse(iso).toMillis();
    }

    /** The most Pacemaker keeps of an interval (a guint of milliseconds). */
    private static final long MAX_INTERVAL = 0xFFFF_FFFFL;

    /**
     * An interval as Pacemaker reads it from a CIB (crm_parse_interval_spec), which never fails: an ISO 8601
     * duration if it starts with "P", else digits (the integer part counts) and a unit whose first letters
     * decide (ms, us, s, m, h; none = seconds); anything else, a negative number included, is 0.
     */
    public static long pacemaker(String s) {
        if (s == null) {
            return 0;
        }
        if (s.startsWith("P")) {
            try {
                return Math.max(0, Math.min(MAX_INTERVAL, iso8601(s)));
            } catch (RuntimeException e) {
                return 0;
            }
        }
        int start = skip(s, 0, " \t\n\r\f");
        int end = skip(s, start, "0123456789.");
        if (end == start) {
            return 0;
        }
        String unit = s.substring(skip(s, end, " \t\n\r\f")).toLowerCase(Locale.ROOT);
        long multiplier = 1000;
        long divisor = 1;
        if (unit.startsWith("ms")) {
            multiplier = 1;
        } else if (unit.startsWith("us")) {
            multiplier = 1;
            divisor = 1000;
        } else if (unit.startsWith("s")) {
            multiplier = 1000;
        } else if (unit.startsWith("m")) {
            multiplier = 60_000;
        } else if (unit.startsWith("h")) {
            multiplier = 3_600_000;
        } else if (!unit.isEmpty() && unit.charAt(0) != '\n' && unit.charAt(0) != '\r') {
            return 0;
        }
        int digits = skip(s, start, "0123456789");
        if (digits == start) {
            return 0; // "." alone: no integer
        }
        java.math.BigInteger n = new java.math.BigInteger(s.substring(start, digits));
        java.math.BigInteger ms = n.multiply(java.math.BigInteger.valueOf(multiplier))
                .divide(java.math.BigInteger.valueOf(divisor));
        return ms.min(java.math.BigInteger.valueOf(MAX_INTERVAL)).longValueExact();
    }

    private static int skip(String s, int from, String chars) {
        int i = from;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }
}
