package io.synthstream.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Asks the trainer to train a conditional GAN. Topic {@code synthstream.training.jobs}, key = jobId.
 * Fields left null take the defaults of {@link #withDefaults()}.
 */
public record TrainingJobRequested(
        String jobId,
        String dataset,
        String architecture,
        String modelName,
        Integer steps,
        Integer batchSize,
        Double generatorLearningRate,
        Double discriminatorLearningRate,
        Integer latentSize,
        Long seed,
        Integer publishEverySteps,
        Integer progressEverySteps,
        Integer fidelitySamplesPerClass,
        Integer imageHeight,
        Integer imageWidth,
        String precision,
        String loss,
        Boolean diffAugment,
        Instant requestedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;
    public static final String ARCH_CONDITIONAL_MLP = "conditional-mlp";
    public static final String ARCH_CONDITIONAL_DCGAN = "conditional-dcgan";
    public static final Set<String> ARCHITECTURES = Set.of(ARCH_CONDITIONAL_MLP, ARCH_CONDITIONAL_DCGAN);
    public static final int MAX_STEPS = 10_000_000;
    public static final int MAX_BATCH = 4096;
    public static final int MAX_LATENT = 4096;
    /** Image-folder data sets are {@code images/<folder>} under the trainer's data folder. */
    public static final String IMAGE_FOLDER_PREFIX = "images/";
    public static final int DEFAULT_IMAGE_SIDE = 28;
    public static final int MIN_IMAGE_SIDE = 8;
    public static final int MAX_IMAGE_SIDE = 256;
    /** The artifact's arithmetic: float32 as trained, or int8 fully connected layers (conditional MLP only). */
    public static final String PRECISION_FLOAT32 = "float32";
    public static final String PRECISION_INT8 = "int8";
    public static final Set<String> PRECISIONS = Set.of(PRECISION_FLOAT32, PRECISION_INT8);
    /** The adversarial loss: binary cross-entropy on logits (the original GAN's), or the hinge loss (SNGAN, BigGAN). */
    public static final String LOSS_BCE = "bce";
    public static final String LOSS_HINGE = "hinge";
    public static final Set<String> LOSSES = Set.of(LOSS_BCE, LOSS_HINGE);

    /** A job of the fields before the loss and differentiable augmentation were offered (both take their defaults). */
    public TrainingJobRequested(String jobId, String dataset, String architecture, String modelName, Integer steps, Integer batchSize,
                                Double generatorLearningRate, Double discriminatorLearningRate, Integer latentSize, Long seed,
                                Integer publishEverySteps, Integer progressEverySteps, Integer fidelitySamplesPerClass, Integer imageHeight,
                                Integer imageWidth, String precision, Instant requestedAt) {
        this(jobId, dataset, architecture, modelName, steps, batchSize, generatorLearningRate, discriminatorLearningRate, latentSize, seed,
                publishEverySteps, progressEverySteps, fidelitySamplesPerClass, imageHeight, imageWidth, precision, null, null, requestedAt);
    }

    /** A job without a declared image shape (MNIST-like data sets have their own, 28×28). */
    public TrainingJobRequested(String jobId, String dataset, String architecture, String modelName, Integer steps, Integer batchSize,
                                Double generatorLearningRate, Double discriminatorLearningRate, Integer latentSize, Long seed,
                                Integer publishEverySteps, Integer progressEverySteps, Integer fidelitySamplesPerClass, Instant requestedAt) {
        this(jobId, dataset, architecture, modelName, steps, batchSize, generatorLearningRate, discriminatorLearningRate, latentSize, seed,
                publishEverySteps, progressEverySteps, fidelitySamplesPerClass, null, null, null, requestedAt);
    }

    /** A job with the float32 artifacts of jobs that name no precision. */
    public TrainingJobRequested(String jobId, String dataset, String architecture, String modelName, Integer steps, Integer batchSize,
                                Double generatorLearningRate, Double discriminatorLearningRate, Integer latentSize, Long seed,
                                Integer publishEverySteps, Integer progressEverySteps, Integer fidelitySamplesPerClass, Integer imageHeight,
                                Integer imageWidth, Instant requestedAt) {
        this(jobId, dataset, architecture, modelName, steps, batchSize, generatorLearningRate, discriminatorLearningRate, latentSize, seed,
                publishEverySteps, progressEverySteps, fidelitySamplesPerClass, imageHeight, imageWidth, null, requestedAt);
    }

    @JsonIgnore
    public boolean imageFolderDataset() {
        return dataset != null && dataset.startsWith(IMAGE_FOLDER_PREFIX);
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** The same job with every unset field filled with its default. */
    public TrainingJobRequested withDefaults() {
        String arch = architecture == null ? ARCH_CONDITIONAL_MLP : architecture;
        int s = steps == null ? 5000 : steps;
        return new TrainingJobRequested(jobId, dataset, arch,
                modelName == null || modelName.isBlank() ? defaultModelName(dataset, arch) : modelName,
                s,
                batchSize == null ? (ARCH_CONDITIONAL_DCGAN.equals(arch) ? 64 : 128) : batchSize,
                generatorLearningRate == null ? 2e-4 : generatorLearningRate,
                discriminatorLearningRate == null ? 2e-4 : discriminatorLearningRate,
                latentSize == null ? 64 : latentSize,
                seed == null ? 42L : seed,
                publishEverySteps == null ? s : publishEverySteps,
                progressEverySteps == null ? 100 : progressEverySteps,
                fidelitySamplesPerClass == null ? 1000 : fidelitySamplesPerClass,
                imageFolderDataset() && imageHeight == null ? Integer.valueOf(DEFAULT_IMAGE_SIDE) : imageHeight,
                imageFolderDataset() && imageWidth == null ? Integer.valueOf(DEFAULT_IMAGE_SIDE) : imageWidth,
                precision == null ? PRECISION_FLOAT32 : precision,
                loss == null ? LOSS_BCE : loss,
                diffAugment != null && diffAugment,
                requestedAt == null ? Instant.now() : requestedAt);
    }

    private static String defaultModelName(String dataset, String arch) {
        String name = (dataset + "-" + arch).toLowerCase().replaceAll("[^a-z0-9._-]", "-");
        return name.length() <= 100 ? name : name.substring(0, 100);
    }

    /** What is wrong with this job (after defaults), empty when it can run. Datasets are checked by the trainer. */
    @JsonIgnore
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (jobId == null || jobId.isBlank()) p.add("jobId is required");
        else if (!jobId.matches("[A-Za-z0-9._-]{1,128}")) p.add("jobId must match [A-Za-z0-9._-]{1,128}");
        if (dataset == null || dataset.isBlank()) p.add("dataset is required");
        if (architecture != null && !ARCHITECTURES.contains(architecture))
            p.add("unknown architecture '" + architecture + "', expected one of " + ARCHITECTURES);
        if (modelName != null && !modelName.matches("[a-z0-9][a-z0-9._-]{0,99}"))
            p.add("modelName must match [a-z0-9][a-z0-9._-]{0,99}");
        else if (ModelVersionPublished.isBenchModel(modelName))
            p.add("modelName may not start with '" + ModelVersionPublished.BENCH_MODEL_PREFIX + "': those names are reserved for benchmark copies, which listings hide");
        range(p, "steps", steps, 1, MAX_STEPS);
        range(p, "batchSize", batchSize, 2, MAX_BATCH);
        range(p, "latentSize", latentSize, 1, MAX_LATENT);
        range(p, "publishEverySteps", publishEverySteps, 1, MAX_STEPS);
        range(p, "progressEverySteps", progressEverySteps, 1, MAX_STEPS);
        range(p, "fidelitySamplesPerClass", fidelitySamplesPerClass, 1, 100_000);
        range(p, "imageHeight", imageHeight, MIN_IMAGE_SIDE, MAX_IMAGE_SIDE);
        range(p, "imageWidth", imageWidth, MIN_IMAGE_SIDE, MAX_IMAGE_SIDE);
        if ((imageHeight != null || imageWidth != null) && dataset != null && !dataset.isBlank() && !imageFolderDataset())
            p.add("imageHeight and imageWidth are declared for image-folder data sets (" + IMAGE_FOLDER_PREFIX + "<folder>) only; "
                    + dataset + " has its own shape");
        if (imageFolderDataset() && !dataset.substring(IMAGE_FOLDER_PREFIX.length()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}"))
            p.add("an image-folder data set is named " + IMAGE_FOLDER_PREFIX + "<folder>, the folder matching [A-Za-z0-9][A-Za-z0-9._-]{0,99}");
        if (precision != null && !PRECISIONS.contains(precision))
            p.add("unknown precision '" + precision + "', expected one of " + PRECISIONS);
        if (PRECISION_INT8.equals(precision) && ARCH_CONDITIONAL_DCGAN.equals(architecture))
            p.add("precision int8 quantizes fully connected layers: it is offered for " + ARCH_CONDITIONAL_MLP + " only");
        if (loss != null && !LOSSES.contains(loss)) p.add("unknown loss '" + loss + "', expected one of " + LOSSES);
        rate(p, "generatorLearningRate", generatorLearningRate);
        rate(p, "discriminatorLearningRate", discriminatorLearningRate);
        return p;
    }

    private static void range(List<String> p, String name, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) p.add(name + " must be in [" + min + ", " + max + "], got " + v);
    }

    private static void rate(List<String> p, String name, Double v) {
        if (v != null && !(v > 0 && v < 1)) p.add(name + " must be in (0, 1), got " + v);
    }
}
