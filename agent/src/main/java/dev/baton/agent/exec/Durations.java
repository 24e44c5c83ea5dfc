package dev.baton.agent.exec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pacemaker duration strings ("10", "10s", "500ms", "1min", "2h") to milliseconds; a bare number is seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*(ms|msec|us|usec|s|sec|secs|m|min|mins|h|hr|hrs)?\\s*");

    private Durations() {
    }

    public static long toMillis(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (expected e.g. 10, 10s, 500ms, 1min)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms", "msec" -> n;
            case "us", "usec" -> n / 1000;
            case "s", "sec", "secs" -> n * 1000;
            case "m", "min", "mins" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }
}
