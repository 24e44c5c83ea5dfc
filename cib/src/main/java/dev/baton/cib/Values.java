package dev.baton.cib;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Text of the API's int-or-string fields (scores, durations) as the user wrote them. */
public final class Values {
    private Values() {
    }

    public static String text(IntOrString v) {
        if (v == null) {
            return null;
        }
        return v.getIntVal() != null ? v.getIntVal().toString() : v.getStrVal();
    }

    /** A number stays a number in the YAML (score: 200), anything else a string (score: INFINITY). */
    public static IntOrString of(String s) {
        return s.matches("-?[0-9]{1,9}") ? new IntOrString(Integer.parseInt(s)) : new IntOrString(s);
    }
}
