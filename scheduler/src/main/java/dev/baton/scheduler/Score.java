package dev.baton.scheduler;

/**
 * Pacemaker score arithmetic: integers saturating at ±INFINITY (1000000), where
 * -INFINITY wins over +INFINITY (a ban is stronger than a preference).
 */
public final class Score {
    public static final int INFINITY = 1_000_000;
    public static final int MINUS_INFINITY = -INFINITY;

    private static final java.util.regex.Pattern LEADING_INTEGER = java.util.regex.Pattern.compile("[+-]?\\d+");

    private Score() {
    }

    public static int add(int a, int b) {
        if (a <= MINUS_INFINITY || b <= MINUS_INFINITY) {
            return MINUS_INFINITY;
        }
        if (a >= INFINITY || b >= INFINITY) {
            return INFINITY;
        }
        return clamp((long) a + b);
    }

    public static int clamp(long v) {
        return (int) Math.max(MINUS_INFINITY, Math.min(INFINITY, v));
    }

    /** Parses "INFINITY", "+INFINITY", "-INFINITY", "inf", "-inf", "mandatory" or an integer. */
    public static int parse(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        String t = s.trim();
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "infinity", "+infinity", "inf", "+inf", "mandatory":
                return INFINITY;
            case "-infinity", "-inf":
                return MINUS_INFINITY;
            default:
                break;
        }
        // like Pacemaker's char2score (strtol): the leading integer counts, so "2.0" is 2
        java.util.regex.Matcher m = LEADING_INTEGER.matcher(t);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("not a score: " + s);
        }
        String digits = m.group().startsWith("+") ? m.group().substring(1) : m.group();
        return digits.length() > 9 ? (digits.startsWith("-") ? MINUS_INFINITY : INFINITY)
                : clamp(Long.parseLong(digits));
    }

    /**
     * A score as Pacemaker reads one from a CIB (char2score): exactly "INFINITY", "+INFINITY" or "-INFINITY", else
     * the leading integer after blanks (strtoll), 0 when there is none or it overflows 64 bits; never fails.
     */
    public static int pacemaker(String s) {
        if (s == null) {
            return 0;
        }
        switch (s) {
            case "INFINITY", "+INFINITY":
                return INFINITY;
            case "-INFINITY":
                return MINUS_INFINITY;
            default:
                break;
        }
        int i = 0;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        java.util.regex.Matcher m = LEADING_INTEGER.matcher(s).region(i, s.length());
        if (!m.lookingAt()) {
            return 0;
        }
        try {
            return clamp(Long.parseLong(m.group()));
        } catch (NumberFormatException overflow) {
            return 0;
        }
    }

    public static boolean isScore(String s) {
        try {
            parse(s);
            return s != null && !s.isBlank();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String format(int score) {
        if (score >= INFINITY) {
            return "INFINITY";
        }
        if (score <= MINUS_INFINITY) {
            return "-INFINITY";
        }
        return Integer.toString(score);
    }

    /** Signed form used in explanations: "+200", "-INFINITY". */
    public static String signed(int score) {
        return score >= 0 ? "+" + format(score) : format(score);
    }
}
