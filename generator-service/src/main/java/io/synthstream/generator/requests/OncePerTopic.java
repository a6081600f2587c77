package io.synthstream.generator.requests;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says yes at most once per topic per back-off: what keeps a condition that lasts (a reply topic deleted for good) to
 * one log line per topic now and then, instead of one per request or per metadata refresh.
 */
public final class OncePerTopic {
    /** Beyond this many topics remembered, those whose back-off has passed are forgotten (clients may name any topic). */
    private static final int REMEMBERED = 1000;

    private final long backoffNanos;
    private final Map<String, Long> lastYes = new ConcurrentHashMap<>();

    public OncePerTopic(Duration backoff) {
        this.backoffNanos = backoff.toNanos();
    }

    /** True the first time for the topic, then again only once the back-off has passed since the last true. */
    public boolean first(String topic) {
        long now = System.nanoTime();
        if (lastYes.size() > REMEMBERED) lastYes.values().removeIf(t -> now - t > backoffNanos);
        boolean[] yes = {false};
        lastYes.compute(topic, (k, last) -> {
            if (last != null && now - last <= backoffNanos) return last;
            yes[0] = true;
            return now;
        });
        return yes[0];
    }
}
