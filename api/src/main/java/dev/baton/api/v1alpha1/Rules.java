package dev.baton.api.v1alpha1;

/**
 * CEL expressions and patterns shared by several kinds, so a rule is written once.
 * Durations take Pacemaker's forms ("10", "10s", "500ms", "1min", "2h"); a bare number is seconds.
 */
public final class Rules {
  private Rules() {
  }

  /** At most 9 digits: every duration then fits the millisecond arithmetic of operator and agent. */
  public static final String DURATION_RE = "^[0-9]{1,9} *(ms|msec|us|usec|s|sec|secs|m|min|mins|h|hr|hrs)?$";
  /** For int-or-string duration fields: a non-negative integer (seconds) or a Pacemaker duration string. */
  public static final String DURATION = "type(self) == int ? self >= 0 && self <= 999999999 : self.matches('"
      + DURATION_RE + "')";
  public static final String DURATION_MSG = "must be a duration in Pacemaker's forms: 10, 10s, 500ms, 1min, 2h"
      + " (at most 9 digits)";

  /**
   * For int-or-string score fields: INFINITY, +INFINITY, -INFINITY, or an integer within them (Pacemaker's
   * INFINITY is 1000000). Pacemaker would silently clamp a larger number; here it is refused, since a score
   * beyond INFINITY is a typo or a misunderstanding, and the message says to write INFINITY.
   */
  public static final String SCORE = "type(self) == int ? self >= -1000000 && self <= 1000000"
      + " : self.matches('^[-+]?INFINITY$') || (self.matches('^[-+]?[0-9]{1,7}$') && int(self) >= -1000000"
      + " && int(self) <= 1000000)";
  public static final String SCORE_MSG = "must be an integer from -1000000 to 1000000, or INFINITY, +INFINITY,"
      + " -INFINITY";

  /** Kubernetes object names (DNS-1123 subdomain) used as references between Baton objects. */
  public static final String NAME_RE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** OCF parameter names: what a shell variable OCF_RESKEY_name can hold. */
  public static final String PARAM_NAMES = "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]*$'))";
  public static final String PARAM_NAMES_MSG = "parameter names must be valid OCF names: a letter or _, then letters, digits or _";

  /** Parameter values reach the agent as environment values, which cannot hold a NUL byte. */
  public static final String PARAM_VALUES = "self.all(k, !string(self[k]).contains('\\u0000'))";
  public static final String PARAM_VALUES_MSG = "parameter values must not contain a NUL byte"
      + " (they are passed to the agent as environment variables)";

  /**
   * Names that also label the ResourceActions of a resource or node ({@code baton.dev/resource},
   * {@code baton.dev/node}): a label value holds at most 63 characters.
   */
  public static final String LABEL_NAME = "size(self.metadata.name) <= 63";
  public static final String LABEL_NAME_MSG = "metadata.name must be at most 63 characters: it labels the"
      + " ResourceActions of this object";

  public static final String INT_OR_STRING_VALUES = "self.all(k, type(self[k]) == int || type(self[k]) == string)";
}
