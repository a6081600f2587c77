package io.synthstream.contracts.rollout;

import io.synthstream.contracts.events.ModelRolloutChanged;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Which of a model's versions answers its unpinned requests, given its rollout policy (the latest
 * {@link ModelRolloutChanged} under the model's key, or none): the version the policy pins live when it is
 * among the versions, else the newest. Generators, gateways and the trainer's quality gate all resolve it
 * here, so that they agree on what "live" means after a rollback, a promote or a retirement.
 */
public final class LiveVersionRule {
    private LiveVersionRule() {
    }

    /** The live version among {@code versions} (keys: version numbers); empty when there are none. */
    public static Optional<Long> live(ModelRolloutChanged policy, SortedMap<Long, ?> versions) {
        if (versions.isEmpty()) return Optional.empty();
        Long pinned = pinned(policy);
        // a pin on a version not (or no longer) among them — retired, not loaded yet — falls back to the newest
        return Optional.of(pinned != null && versions.containsKey(pinned) ? pinned : versions.lastKey());
    }

    /** The version the policy pins live, or null (no policy, or one that follows the newest). */
    public static Long pinned(ModelRolloutChanged policy) {
        return policy == null ? null : policy.liveVersion();
    }
}
