package dev.pullgate;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to "must this pod attempt to pull this image?", with the reason.
 *
 * <p>One shared instance exists per reason, so making a decision allocates nothing.
 */
public final class PullDecision {
  private static final Map<DecisionReason, PullDecision> BY_REASON = byReason();

  private final DecisionReason reason;

  private PullDecision(DecisionReason reason) {
    this.reason = reason;
  }

  /**
   * The decision for {@code reason}.
   *
   * @param reason why
   * @return the one shared decision for that reason
   */
  public static PullDecision of(DecisionReason reason) {
    return BY_REASON.get(Objects.requireNonNull(reason, "reason"));
  }

  /**
   * {@return whether the caller must attempt the pull, so that the registry checks the credentials}
   */
  public boolean mustAttemptPull() {
    return reason.mustAttemptPull();
  }

  /** {@return why the decision came out as it did} */
  public DecisionReason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return (mustAttemptPull() ? "pull" : "use") + " (" + reason + ")";
  }

  private static Map<DecisionReason, PullDecision> byReason() {
    Map<DecisionReason, PullDecision> map = new EnumMap<>(DecisionReason.class);
    for (DecisionReason reason : DecisionReason.values()) {
      map.put(reason, new PullDecision(reason));
    }
    return map;
  }
}
