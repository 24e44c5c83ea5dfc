package dev.baton.api.v1alpha1;

/**
 * CEL expressions and patterns shared by several kinds, so a rule is written once.
 * Durations take Pacemaker's forms ("10", "10s", "500ms", "1min", "2h"); a bare number is seconds.
 */
public final class Rules {
  private Rules() {
  }

  public static final String DURATION_RE = "^[0-9]+ *(ms|msec|us|usec|s|sec|secs|m|min|mins|h|hr|hrs)?$";
  /** For int-or-string duration fields: a non-negative integer (seconds) or a Pacemaker duration string. */
  public static final String DURATION = "type(self) == int ? self >= 0 : self.matches('" + DURATION_RE + "')";
  public static final String DURATION_MSG = "must be a duration in Pacemaker's forms: 10, 10s, 500ms, 1min, 2h";

  public static final String SCORE_RE = "^[-+]?([0-9]+|INFINITY)$";
  /** For int-or-string score fields: an integer or INFINITY, +INFINITY, -INFINITY. */
  public static final String SCORE = "type(self) == int || self.matches('" + SCORE_RE + "')";
  public static final String SCORE_MSG = "must be an integer or INFINITY, +INFINITY, -INFINITY";

  /** Kubernetes object names (DNS-1123 subdomain) used as references between Baton objects. */
  public static final String NAME_RE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** OCF parameter names: what a shell variable OCF_RESKEY_name can hold. */
  public static final String PARAM_NAMES = "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]*$'))";
  public static final String PARAM_NAMES_MSG = "parameter names must be valid OCF names: a letter or _, then letters, digits or _";

  public static final String INT_OR_STRING_VALUES = "self.all(k, type(self[k]) == int || type(self[k]) == string)";
}
