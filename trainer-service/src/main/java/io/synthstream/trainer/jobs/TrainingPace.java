package io.synthstream.trainer.jobs;

import java.util.function.LongSupplier;

/**
 * A job's training speed and time left, as its progress events report them. The speed counts training time
 * only: a publication (evaluation, TSTR, export: a minute or more) or a checkpoint between two progress events
 * is a pause, not slow steps — counted as training time, it made the event after each publication report a
 * fraction of the real speed and an ETA several times too long. The time left adds, for each publication still
 * ahead, as long as the last one took.
 */
final class TrainingPace {
    private final LongSupplier nanoTime;
    private long windowStart;
    private long windowStep;
    private long pausedInWindow;
    private long pauseStart = -1;
    private long lastPublicationNanos;
    private double stepsPerSecond = Double.NaN;

    TrainingPace(long step, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
        this.windowStep = step;
    }

    void pauseStarted() {
        pauseStart = nanoTime.getAsLong();
    }

    /** Ends the pause begun by {@link #pauseStarted}; a publication's length is kept for the time left. */
    void pauseEnded(boolean publication) {
        if (pauseStart < 0) return;
        long paused = nanoTime.getAsLong() - pauseStart;
        pauseStart = -1;
        pausedInWindow += paused;
        if (publication) lastPublicationNanos = paused;
    }

    /** The speed over the training time since the last measure (NaN before any step), which starts a new window. */
    double measure(long step) {
        long now = nanoTime.getAsLong();
        long training = now - windowStart - pausedInWindow;
        if (step > windowStep && training > 0) stepsPerSecond = (step - windowStep) / (training / 1e9);
        windowStart = now;
        windowStep = step;
        pausedInWindow = 0;
        return stepsPerSecond;
    }

    /** The last speed measured (NaN before the first). */
    double stepsPerSecond() {
        return stepsPerSecond;
    }

    /**
     * Seconds left at {@code step} of {@code total}: the steps at the last speed, plus each publication still ahead
     * (at a multiple of {@code publishEvery} or the last step, after {@code lastPublished}) as long as the last one.
     */
    double secondsLeft(long step, long total, long publishEvery, long lastPublished) {
        return (total - step) / stepsPerSecond + publicationsAhead(step, total, publishEvery, lastPublished) * (lastPublicationNanos / 1e9);
    }

    /** The publication steps in [max(step, lastPublished + 1), total]. */
    static long publicationsAhead(long step, long total, long publishEvery, long lastPublished) {
        long from = Math.max(step, lastPublished + 1);
        if (from > total) return 0;
        long multiples = total / publishEvery - (from - 1) / publishEvery;
        return multiples + (total % publishEvery == 0 ? 0 : 1);
    }
}
