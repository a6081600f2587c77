package io.synthstream.contracts.events;

import java.time.Instant;

/**
 * How a model's versions are served. Topic {@code synthstream.models.rollout} (compacted), key = model
 * name: the latest event per model is the policy, so every generator and gateway rebuilds it at start.
 * <ul>
 *   <li>{@code liveVersion}: the version that answers unpinned requests; null = always the newest.</li>
 *   <li>{@code mode} {@code immediate}: a newly published version goes live at once (unless liveVersion pins
 *   an older one, as after a rollback); {@code canary}: a version newer than the live one answers
 *   {@code canaryShare} of unpinned requests until it is promoted.</li>
 * </ul>
 */
public record ModelRolloutChanged(String modelName, String mode, Long liveVersion, Double canaryShare, String reason, Instant at)
        implements Event {
    public static final int SCHEMA_VERSION = 1;
    public static final String IMMEDIATE = "immediate";
    public static final String CANARY = "canary";

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public boolean canary() {
        return CANARY.equals(mode);
    }

    public double share() {
        return canaryShare == null ? 0.0 : Math.max(0, Math.min(1, canaryShare));
    }
}
