package io.synthstream.contracts.artifacts;

import io.synthstream.contracts.events.ModelVersionPublished;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Which published versions of a model may be retired. Never the newest: version numbers continue from the
 * newest on the model topic, so retiring it would let compaction hand its number out again. Never the
 * version a rollout pins live: generators would fall back to another version nobody chose.
 */
public final class RetirementPlan {
    private RetirementPlan() {
    }

    /** A published version that may not be retired now (the newest, or pinned live). */
    public static final class NotRetirable extends IllegalArgumentException {
        NotRetirable(String message) {
            super(message);
        }
    }

    /** Every version but the newest {@code keep} and the pinned live one, oldest first. */
    public static List<ModelVersionPublished> keepNewest(TreeMap<Long, ModelVersionPublished> published, Long pinnedLive, int keep) {
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1 (the newest version always stays), got " + keep);
        List<Long> ascending = new ArrayList<>(published.keySet());
        List<ModelVersionPublished> out = new ArrayList<>();
        for (long v : ascending.subList(0, Math.max(0, ascending.size() - keep))) {
            if (pinnedLive == null || v != pinnedLive) out.add(published.get(v));
        }
        return out;
    }

    /** The versions asked for, each checked; a clear error names the first one that may not go. */
    public static List<ModelVersionPublished> chosen(TreeMap<Long, ModelVersionPublished> published, Long pinnedLive, List<Long> asked) {
        if (published.isEmpty()) throw new IllegalArgumentException("no published versions");
        String model = published.firstEntry().getValue().modelName();
        List<ModelVersionPublished> out = new ArrayList<>();
        for (long v : asked.stream().distinct().sorted().toList()) {
            ModelVersionPublished e = published.get(v);
            if (e == null) {
                throw new IllegalArgumentException(model + " v" + v + " is not published (published: " + published.keySet() + ")");
            }
            if (v == published.lastKey()) {
                throw new NotRetirable(model + " v" + v + " is the newest version: it stays so that its number is never "
                        + "used again; publish a newer version first");
            }
            if (pinnedLive != null && v == pinnedLive) {
                throw new NotRetirable(model + " v" + v + " is pinned live by the rollout: roll out another version first");
            }
            out.add(e);
        }
        return out;
    }
}
