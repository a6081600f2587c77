package io.synthstream.generator.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * An open-loop load: requests at a fixed rate for a fixed time, each sent when the clock says whatever the answers do
 * (a loop that waited for answers would slow down with the service and hide its delays). What bench-generator's
 * latency runs and each bench-failover phase send.
 */
final class SteadyLoad {
    /** When a request was sent: System.nanoTime for latencies, and the wall clock to compare with record timestamps. */
    record Sent(long nanos, long wallMillis) {
    }

    private final double perSecond;
    private final long requests;

    SteadyLoad(double perSecond, int seconds) {
        this.perSecond = perSecond;
        this.requests = (long) (perSecond * seconds);
    }

    /** How many requests the load sends. */
    long requests() {
        return requests;
    }

    /** Sends the load (see {@link #run(String, Consumer, long, Runnable)}) with nothing happening during it. */
    Map<String, Sent> run(String idPrefix, Consumer<String> send) {
        return run(idPrefix, send, -1, () -> { });
    }

    /**
     * Sends the load, each request with a new id ({@code idPrefix} and a UUID) handed to {@code send}, and runs
     * {@code event} just before request number {@code eventAt} (0-based). Returns each id with when it was sent, in order.
     */
    Map<String, Sent> run(String idPrefix, Consumer<String> send, long eventAt, Runnable event) {
        Map<String, Sent> sent = new LinkedHashMap<>();
        long interval = (long) (1e9 / perSecond), start = System.nanoTime();
        for (long i = 0; i < requests; i++) {
            long due = start + i * interval;
            // parked until about 50 µs before it is due, then in short steps: a park may overshoot
            while (System.nanoTime() < due) LockSupport.parkNanos(Math.max(1000, due - System.nanoTime() - 50_000));
            if (i == eventAt) event.run();
            String id = idPrefix + UUID.randomUUID();
            sent.put(id, new Sent(System.nanoTime(), System.currentTimeMillis()));
            send.accept(id);
        }
        return sent;
    }
}
