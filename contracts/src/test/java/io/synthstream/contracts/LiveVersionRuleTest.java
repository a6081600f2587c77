package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.rollout.LiveVersionRule;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LiveVersionRuleTest {
    static ModelRolloutChanged policy(String mode, Long live) {
        return new ModelRolloutChanged("m", mode, live, 0.1, "test", Instant.now());
    }

    static TreeMap<Long, String> versions(long... vs) {
        TreeMap<Long, String> out = new TreeMap<>();
        for (long v : vs) out.put(v, "v" + v);
        return out;
    }

    @Test
    void theNewestIsLiveUnlessThePolicyPinsAVersionThatIsThere() {
        assertEquals(Optional.empty(), LiveVersionRule.live(null, versions()));
        assertEquals(Optional.of(3L), LiveVersionRule.live(null, versions(1, 2, 3)), "no policy: the newest");
        assertEquals(Optional.of(3L), LiveVersionRule.live(policy(ModelRolloutChanged.IMMEDIATE, null), versions(1, 2, 3)));
        assertEquals(Optional.of(1L), LiveVersionRule.live(policy(ModelRolloutChanged.IMMEDIATE, 1L), versions(1, 2, 3)), "a rollback to v1");
        assertEquals(Optional.of(2L), LiveVersionRule.live(policy(ModelRolloutChanged.CANARY, 2L), versions(1, 2, 3)), "v3 is the canary");
        assertEquals(Optional.of(3L), LiveVersionRule.live(policy(ModelRolloutChanged.IMMEDIATE, 1L), versions(2, 3)), "the pinned v1 is retired");
        assertEquals(null, LiveVersionRule.pinned(null));
        assertEquals(1L, LiveVersionRule.pinned(policy(ModelRolloutChanged.IMMEDIATE, 1L)));
    }
}
