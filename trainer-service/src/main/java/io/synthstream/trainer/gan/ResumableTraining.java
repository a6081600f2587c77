package io.synthstream.trainer.gan;

import java.io.IOException;
import java.nio.file.Path;

/** A GAN training whose whole state (networks, averages, optimiser states) is written to and read from a folder. */
public interface ResumableTraining {
    /** Updates done so far. */
    long step();

    /** Writes the state files into a folder that exists. */
    void save(Path dir) throws IOException;

    /** Reads what {@link #save} wrote; the training then continues from {@code atStep}. */
    void restore(Path dir, long atStep) throws IOException;
}
