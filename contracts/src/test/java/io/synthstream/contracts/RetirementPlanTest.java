package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.artifacts.RetirementPlan;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RetirementPlanTest {
    private static TreeMap<Long, ModelVersionPublished> published(long... versions) {
        TreeMap<Long, ModelVersionPublished> out = new TreeMap<>();
        for (long v : versions) {
            out.put(v, new ModelVersionPublished("m", v, null, null, null, null, "job", "mnist", "conditional-mlp", Instant.EPOCH));
        }
        return out;
    }

    private static List<Long> numbers(List<ModelVersionPublished> plan) {
        return plan.stream().map(ModelVersionPublished::version).toList();
    }

    @Test
    void keepsTheNewestAndAPinnedLiveVersion() {
        assertEquals(List.of(1L, 2L, 3L), numbers(RetirementPlan.keepNewest(published(1, 2, 3, 5, 8), null, 2)));
        assertEquals(List.of(1L, 3L), numbers(RetirementPlan.keepNewest(published(1, 2, 3, 5, 8), 2L, 2)), "v2 is pinned live");
        assertEquals(List.of(1L, 2L, 3L, 5L), numbers(RetirementPlan.keepNewest(published(1, 2, 3, 5, 8), 8L, 1)));
        assertTrue(RetirementPlan.keepNewest(published(1, 2), null, 5).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> RetirementPlan.keepNewest(published(1, 2), null, 0));
    }

    @Test
    void chosenVersionsAreCheckedOneByOne() {
        assertEquals(List.of(1L, 3L), numbers(RetirementPlan.chosen(published(1, 2, 3, 4), null, List.of(3L, 1L, 3L))));
        var newest = assertThrows(IllegalArgumentException.class, () -> RetirementPlan.chosen(published(1, 2, 3), null, List.of(3L)));
        assertTrue(newest.getMessage().contains("m v3 is the newest version"), newest.getMessage());
        var pinned = assertThrows(IllegalArgumentException.class, () -> RetirementPlan.chosen(published(1, 2, 3), 2L, List.of(1L, 2L)));
        assertTrue(pinned.getMessage().contains("m v2 is pinned live"), pinned.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> RetirementPlan.chosen(published(1, 3), null, List.of(2L)));
        assertEquals("m v2 is not published (published: [1, 3])", unknown.getMessage());
    }
}
