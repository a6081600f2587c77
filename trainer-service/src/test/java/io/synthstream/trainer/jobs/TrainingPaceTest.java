package io.synthstream.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The speed and ETA of progress events, on a clock the test moves: 10 steps a second, a 60 s publication at step 3000 of 6000. */
class TrainingPaceTest {
    private long now;

    private TrainingPace pace(long step) {
        return new TrainingPace(step, () -> now);
    }

    private void seconds(double s) {
        now += (long) (s * 1e9);
    }

    @Test
    void aPublicationBetweenTwoProgressEventsIsNotCountedAsTraining() {
        TrainingPace pace = pace(0);
        seconds(300); // 3000 steps at 10 steps/s
        assertEquals(10.0, pace.measure(3000), 1e-9);
        pace.pauseStarted();
        seconds(60);
        pace.pauseEnded(true);
        seconds(10); // 100 steps
        // counted as training, the publication made this 100 / 70 s = 1.4 steps/s and an ETA of ~2 000 s
        assertEquals(10.0, pace.measure(3100), 1e-9);
        assertEquals(290 + 60, pace.secondsLeft(3100, 6000, 3000, 3000), 1e-6, "2 900 steps, and the publication at 6 000");
    }

    @Test
    void checkpointsArePausesTooAndTheEtaBeforeTheFirstPublicationCountsNoPublicationTime() {
        TrainingPace pace = pace(0);
        seconds(40);
        pace.pauseStarted();
        seconds(5);
        pace.pauseEnded(false);
        seconds(10);
        assertEquals(10.0, pace.measure(500), 1e-9);
        assertEquals(550, pace.secondsLeft(500, 6000, 3000, 0), 1e-6, "no publication measured yet");
    }

    @Test
    void aResumedJobMeasuresFromItsCheckpointStep() {
        TrainingPace pace = pace(2500);
        assertTrue(Double.isNaN(pace.stepsPerSecond()), "no speed before the first measure");
        seconds(20);
        assertEquals(5.0, pace.measure(2600), 1e-9);
    }

    @Test
    void publicationsAheadAreTheMultiplesAndTheLastStepNotYetPublished() {
        assertEquals(2, TrainingPace.publicationsAhead(100, 6000, 3000, 0));
        assertEquals(2, TrainingPace.publicationsAhead(3000, 6000, 3000, 0), "the one at this step is still ahead");
        assertEquals(1, TrainingPace.publicationsAhead(3000, 6000, 3000, 3000));
        assertEquals(2, TrainingPace.publicationsAhead(3100, 7000, 3000, 3000), "6 000 and the last step, 7 000");
        assertEquals(1, TrainingPace.publicationsAhead(100, 5000, 5000, 0), "publish-every defaults to the job's steps");
        assertEquals(0, TrainingPace.publicationsAhead(6000, 6000, 3000, 6000));
    }
}
