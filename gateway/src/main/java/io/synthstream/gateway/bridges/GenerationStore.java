package io.synthstream.gateway.bridges;

import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.events.GenerationRequested;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The generations this gateway instance asked for, with their answers as they arrive on its reply
 * topic (or their dead-letter reason). Bounded: the oldest are dropped first.
 */
public final class GenerationStore {
    public enum Status { PENDING, DONE, FAILED }

    public static final class Generation {
        final GenerationRequested request;
        final List<SampleBatch> batches = new ArrayList<>();
        final List<Consumer<SampleBatch>> listeners = new ArrayList<>();
        final CompletableFuture<Generation> done = new CompletableFuture<>();
        Status status = Status.PENDING;
        String reason;

        Generation(GenerationRequested request) {
            this.request = request;
        }

        public synchronized GenerationRequested request() {
            return request;
        }

        public synchronized Status status() {
            return status;
        }

        public synchronized String reason() {
            return reason;
        }

        public synchronized List<SampleBatch> batches() {
            return new ArrayList<>(batches);
        }

        public synchronized Long version() {
            return batches.isEmpty() ? null : batches.get(0).version();
        }

        public synchronized int received() {
            return batches.stream().mapToInt(SampleBatch::count).sum();
        }

        public CompletableFuture<Generation> completion() {
            return done;
        }

        /** Replays the batches so far to the listener, then hands it each new one; returns whether already finished. */
        public synchronized boolean subscribe(Consumer<SampleBatch> listener) {
            batches.forEach(listener);
            if (status != Status.PENDING) return true;
            listeners.add(listener);
            return false;
        }

        public synchronized void unsubscribe(Consumer<SampleBatch> listener) {
            listeners.remove(listener);
        }
    }

    private final int capacity;
    private final Map<String, Generation> generations;

    public GenerationStore(int capacity) {
        this.capacity = capacity;
        this.generations = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Generation> eldest) {
                return size() > GenerationStore.this.capacity;
            }
        };
    }

    public synchronized Generation add(GenerationRequested request) {
        Generation g = new Generation(request);
        generations.put(request.requestId(), g);
        return g;
    }

    public synchronized Optional<Generation> get(String id) {
        return Optional.ofNullable(generations.get(id));
    }

    public void answer(String id, SampleBatch batch) {
        Generation g = get(id).orElse(null);
        if (g == null) return; // another instance's, or dropped
        List<Consumer<SampleBatch>> listeners;
        synchronized (g) {
            if (g.status != Status.PENDING || g.batches.stream().anyMatch(b -> b.index() == batch.index())) return;
            g.batches.add(batch);
            g.batches.sort(java.util.Comparator.comparingInt(SampleBatch::index));
            if (batch.last() || g.batches.size() == batch.batchCount()) g.status = Status.DONE;
            listeners = new ArrayList<>(g.listeners);
        }
        listeners.forEach(l -> l.accept(batch));
        if (g.status() == Status.DONE) g.done.complete(g);
    }

    public void fail(String id, String reason) {
        Generation g = get(id).orElse(null);
        if (g == null) return;
        synchronized (g) {
            if (g.status != Status.PENDING) return;
            g.status = Status.FAILED;
            g.reason = reason;
        }
        g.done.complete(g);
    }
}
