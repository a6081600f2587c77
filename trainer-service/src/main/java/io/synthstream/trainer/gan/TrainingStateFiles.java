package io.synthstream.trainer.gan;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Adam;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checkpoint files of parameters and Adam state for trainers outside this package (the tabular GAN): the same
 * {@link ParameterValues} (restored in place) and {@link AdamCheckpoint} formats the image GAN writes.
 */
public final class TrainingStateFiles {
    private TrainingStateFiles() {
    }

    /** Every parameter value of {@code from} into the same design's {@code to}, in place. */
    public static void copyParameters(ParameterList from, ParameterList to) {
        ParameterValues.copy(from, to);
    }

    public static void saveParameters(ParameterList params, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            ParameterValues.save(params, out);
        }
    }

    public static void restoreParameters(ParameterList params, NDManager manager, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            ParameterValues.restore(params, manager, in);
        }
    }

    public static void saveAdam(Adam adam, ParameterList params, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            AdamCheckpoint.save(adam, params, out);
        }
    }

    public static void restoreAdam(Adam adam, ParameterList params, NDManager manager, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            AdamCheckpoint.restore(adam, params, manager, in);
        }
    }
}
