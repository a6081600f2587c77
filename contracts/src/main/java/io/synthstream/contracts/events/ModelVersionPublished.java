package io.synthstream.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A generator version is live. Topic {@code synthstream.models} (compacted), key = {@code model/version}.
 * Written in the same Kafka transaction as the artifact chunks it announces, so a read_committed
 * consumer that sees this event can always find every chunk on {@code synthstream.models.artifacts}.
 * {@code rows}: set for a tabular version only (its output decodes into rows), absent from an image version's JSON.
 */
public record ModelVersionPublished(
        String modelName,
        long version,
        ArtifactRef artifact,
        ArtifactRef preview,
        GeneratorContract contract,
        QualityMetrics metrics,
        String trainingJobId,
        String dataset,
        String architecture,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) TabularVersion rows) implements Event {

    public static final int SCHEMA_VERSION = 1;

    /** An image version: no {@code rows} (the field is not written). */
    public ModelVersionPublished(String modelName, long version, ArtifactRef artifact, ArtifactRef preview, GeneratorContract contract,
                                 QualityMetrics metrics, String trainingJobId, String dataset, String architecture, Instant createdAt) {
        this(modelName, version, artifact, preview, contract, metrics, trainingJobId, dataset, architecture, createdAt, null);
    }

    /**
     * Model names reserved for the copies benchmarks publish (`./synthstream bench-generator`): model listings (the
     * gateway's API and UI, `./synthstream models`) never show them, a training job may not take such a name, and the
     * bench retires them when it ends. Their dataset says they are a copy ({@link #benchCopyOf}).
     */
    public static final String BENCH_MODEL_PREFIX = "bench-";

    public static boolean isBenchModel(String modelName) {
        return modelName != null && modelName.startsWith(BENCH_MODEL_PREFIX);
    }

    /** What a bench copy names as its dataset and training job: that it is a copy, and of which version. */
    public static String benchCopyOf(String what) {
        return "bench copy of " + what;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public String key() {
        return key(modelName, version);
    }

    public static String key(String modelName, long version) {
        return modelName + "/" + version;
    }

    /** The model and version a record key of the model topic names (model names hold no '/'); empty for any other key. */
    public static java.util.Optional<VersionRef> ofKey(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash <= 0 || key.indexOf('/') != slash) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(new VersionRef(key.substring(0, slash), Long.parseLong(key.substring(slash + 1))));
        } catch (NumberFormatException notAVersion) {
            return java.util.Optional.empty();
        }
    }

    /** A model version named by its key, e.g. by a tombstone that carries no event. */
    public record VersionRef(String modelName, long version) {
    }

    /** One artifact split into chunks on the artifact topic. kind: an {@code artifacts.ArtifactKind}'s wire name. */
    public record ArtifactRef(String kind, String mediaType, String sha256, long sizeBytes, int chunkCount) {
    }

    /**
     * What the generator expects and returns: inputs {@code z} float32 [N, latentSize] and
     * {@code label} int64 [N] in [0, numClasses); output {@code sample} float32 [N, ...sampleShape]
     * with values in [valueMin, valueMax]. sampleShape is [C, H, W], channel-major: C = 1 for grey, 3 for RGB
     * (red, green, blue planes); a shape of two dimensions [H, W] means C = 1 ({@code SampleFormat.channels}). precision: the arithmetic inside ("float32", or "int8" fully
     * connected layers; null in events written before the field = float32); the interface is the same.
     */
    public record GeneratorContract(
            String latentInput,
            String labelInput,
            String output,
            int latentSize,
            int numClasses,
            List<String> classNames,
            List<Integer> sampleShape,
            double valueMin,
            double valueMax,
            int onnxOpset,
            String precision) {
        public GeneratorContract(String latentInput, String labelInput, String output, int latentSize, int numClasses,
                                 List<String> classNames, List<Integer> sampleShape, double valueMin, double valueMax, int onnxOpset) {
            this(latentInput, labelInput, output, latentSize, numClasses, classNames, sampleShape, valueMin, valueMax, onnxOpset,
                    TrainingJobRequested.PRECISION_FLOAT32);
        }

        /** The precision, float32 for events written before the field. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public String precisionOrDefault() {
            return precision == null ? TrainingJobRequested.PRECISION_FLOAT32 : precision;
        }
    }

    /**
     * labelFidelity: accuracy of the reference classifier on fidelitySamples conditional samples
     * (balanced over classes); referenceAccuracy: that classifier's accuracy on the real test set;
     * onnxParityMaxAbsDiff: max |DJL − ONNX Runtime| on a fixed batch; frechetDistance: between real
     * test images and the generated samples in the reference classifier's feature space, with
     * frechetDistanceRealVsReal (two halves of the real test set) for scale; tstrAccuracy: real-test
     * accuracy of a fresh classifier trained only on tstrSamples synthetic samples (null when not measured);
     * quantizationMeanAbsDiff / quantizationMaxAbsDiff: for an int8 artifact, mean and max |float32 export −
     * int8 artifact| on the parity batch (null for float32). Every other figure is measured on the artifact.
     * augmentationGain: what this version's samples add to a classifier trained on the job's labelled data,
     * measured on a validation split of those data (null when not measured).
     */
    public record QualityMetrics(
            Double labelFidelity,
            Integer fidelitySamples,
            Double referenceAccuracy,
            Double onnxParityMaxAbsDiff,
            long trainingSteps,
            Double generatorLoss,
            Double discriminatorLoss,
            Double frechetDistance,
            Double frechetDistanceRealVsReal,
            Double tstrAccuracy,
            Integer tstrSamples,
            Double quantizationMeanAbsDiff,
            Double quantizationMaxAbsDiff,
            AugmentationGain augmentationGain) {
        public QualityMetrics(Double labelFidelity, Integer fidelitySamples, Double referenceAccuracy, Double onnxParityMaxAbsDiff,
                              long trainingSteps, Double generatorLoss, Double discriminatorLoss, Double frechetDistance,
                              Double frechetDistanceRealVsReal, Double tstrAccuracy, Integer tstrSamples, Double quantizationMeanAbsDiff,
                              Double quantizationMaxAbsDiff) {
            this(labelFidelity, fidelitySamples, referenceAccuracy, onnxParityMaxAbsDiff, trainingSteps, generatorLoss, discriminatorLoss,
                    frechetDistance, frechetDistanceRealVsReal, tstrAccuracy, tstrSamples, quantizationMeanAbsDiff, quantizationMaxAbsDiff, null);
        }

        public QualityMetrics(Double labelFidelity, Integer fidelitySamples, Double referenceAccuracy, Double onnxParityMaxAbsDiff,
                              long trainingSteps, Double generatorLoss, Double discriminatorLoss, Double frechetDistance,
                              Double frechetDistanceRealVsReal, Double tstrAccuracy, Integer tstrSamples) {
            this(labelFidelity, fidelitySamples, referenceAccuracy, onnxParityMaxAbsDiff, trainingSteps, generatorLoss, discriminatorLoss,
                    frechetDistance, frechetDistanceRealVsReal, tstrAccuracy, tstrSamples, null, null);
        }

        public QualityMetrics(Double labelFidelity, Integer fidelitySamples, Double referenceAccuracy, Double onnxParityMaxAbsDiff,
                              long trainingSteps, Double generatorLoss, Double discriminatorLoss) {
            this(labelFidelity, fidelitySamples, referenceAccuracy, onnxParityMaxAbsDiff, trainingSteps, generatorLoss, discriminatorLoss,
                    null, null, null, null, null, null);
        }

        /** The same figures with the final losses of the training run. */
        public QualityMetrics withLosses(Double generator, Double discriminator) {
            return new QualityMetrics(labelFidelity, fidelitySamples, referenceAccuracy, onnxParityMaxAbsDiff, trainingSteps, generator,
                    discriminator, frechetDistance, frechetDistanceRealVsReal, tstrAccuracy, tstrSamples, quantizationMeanAbsDiff,
                    quantizationMaxAbsDiff, augmentationGain);
        }

        /** The same figures with the augmentation gain measured on the job's validation split. */
        public QualityMetrics withAugmentationGain(AugmentationGain gain) {
            return new QualityMetrics(labelFidelity, fidelitySamples, referenceAccuracy, onnxParityMaxAbsDiff, trainingSteps, generatorLoss,
                    discriminatorLoss, frechetDistance, frechetDistanceRealVsReal, tstrAccuracy, tstrSamples, quantizationMeanAbsDiff,
                    quantizationMaxAbsDiff, gain);
        }
    }

    /**
     * Accuracy of a classifier on a validation split of the job's labelled data, trained on the rest of
     * those data alone (realOnlyAccuracy) and on the same data plus syntheticSamples of this version's
     * samples (augmentedAccuracy), each the mean over {@code seeds} trainings. gainPoints = 100 ×
     * (augmented − real only), the mean of the per-seed differences; spreadPoints: their standard deviation.
     * realImages: labelled images the classifiers were trained on; validationImages: the split they were scored on.
     */
    public record AugmentationGain(
            double gainPoints,
            double spreadPoints,
            int seeds,
            double realOnlyAccuracy,
            double augmentedAccuracy,
            int realImages,
            int syntheticSamples,
            int validationImages) {
    }
}
