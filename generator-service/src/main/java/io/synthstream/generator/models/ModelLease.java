package io.synthstream.generator.models;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reference to a generator version, held for one use (a batch in flight, a size check) and released by closing it,
 * with try-with-resources: a version swapped out or retired meanwhile closes after its last lease. Closing twice
 * releases once.
 */
public final class ModelLease implements AutoCloseable {
    private final LoadedGenerator generator;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private ModelLease(LoadedGenerator generator) {
        this.generator = generator;
    }

    /** A lease on the version, or empty where it has closed already (swapped out and released since it was looked up). */
    public static Optional<ModelLease> take(LoadedGenerator generator) {
        return generator.acquire() ? Optional.of(new ModelLease(generator)) : Optional.empty();
    }

    public LoadedGenerator generator() {
        return generator;
    }

    /**
     * Moves the reference to a new lease for a holder that outlives this scope (a planned request, released when its
     * batch is done); closing this one then releases nothing.
     */
    public ModelLease handOver() {
        if (!open.compareAndSet(true, false)) throw new IllegalStateException("the lease on " + generator.event().key() + " was closed");
        return new ModelLease(generator);
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) generator.release();
    }
}
