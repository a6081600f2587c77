package io.synthstream.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String labelColumn,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> columnKinds,
        Instant requestedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;
    public static final String ARCH_CONDITIONAL_MLP = "conditional-mlp";
    public static final String ARCH_CONDITIONAL_DCGAN = "conditional-dcgan";
    /** The conditional tabular GAN (CTGAN-like): rows of a table data set, generated per class of its label column. */
    public static final String ARCH_CONDITIONAL_TABULAR = "conditional-tabular";
    public static final Set<String> ARCHITECTURES = Set.of(ARCH_CONDITIONAL_MLP, ARCH_CONDITIONAL_DCGAN, ARCH_CONDITIONAL_TABULAR);
    /**
     * A table data set is a {@code .csv} (header row) or {@code .arff} file, named by its path under the trainer's data
     * folder (e.g. {@code weka/credit-g.arff}); the job names its label column and may override column kinds.
     */
    public static final String TABLE_FILE_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,7}\\.(?i:csv|arff)";
    /** Column kinds a table job may declare in {@code columnKinds}, over what the file says. */
    public static final Set<String> COLUMN_KINDS = Set.of("NUMERIC", "CATEGORICAL");
    /** The tabular discriminator judges rows in packs of this many (PacGAN): a table job's batch is a multiple of it. */
    public static final int TABULAR_PACK = 10;
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

    /** An image job: the fields before table data sets were offered. */
    public TrainingJobRequested(String jobId, String dataset, String architecture, String modelName, Integer steps, Integer batchSize,
                                Double generatorLearningRate, Double discriminatorLearningRate, Integer latentSize, Long seed,
                                Integer publishEverySteps, Integer progressEverySteps, Integer fidelitySamplesPerClass, Integer imageHeight,
                                Integer imageWidth, String precision, String loss, Boolean diffAugment, Instant requestedAt) {
        this(jobId, dataset, architecture, modelName, steps, batchSize, generatorLearningRate, discriminatorLearningRate, latentSize, seed,
                publishEverySteps, progressEverySteps, fidelitySamplesPerClass, imageHeight, imageWidth, precision, loss, diffAugment, null, null,
                requestedAt);
    }

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

    /** Whether the data set is a table file (CSV or ARFF), which the tabular GAN trains on. */
    @JsonIgnore
    public boolean tableDataset() {
        return dataset != null && dataset.matches(TABLE_FILE_PATTERN);
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
        boolean table = tableDataset();
        String arch = architecture == null ? (table ? ARCH_CONDITIONAL_TABULAR : ARCH_CONDITIONAL_MLP) : architecture;
        int s = steps == null ? 5000 : steps;
        return new TrainingJobRequested(jobId, dataset, arch,
                modelName == null || modelName.isBlank() ? defaultModelName(dataset, arch) : modelName,
                s,
                batchSize == null ? (ARCH_CONDITIONAL_DCGAN.equals(arch) ? 64 : table ? 500 : 128) : batchSize,
                generatorLearningRate == null ? 2e-4 : generatorLearningRate,
                discriminatorLearningRate == null ? 2e-4 : discriminatorLearningRate,
                latentSize == null ? (table ? 128 : 64) : latentSize,
                seed == null ? 42L : seed,
                publishEverySteps == null ? s : publishEverySteps,
                progressEverySteps == null ? 100 : progressEverySteps,
                fidelitySamplesPerClass == null ? 1000 : fidelitySamplesPerClass,
                imageFolderDataset() && imageHeight == null ? Integer.valueOf(DEFAULT_IMAGE_SIDE) : imageHeight,
                imageFolderDataset() && imageWidth == null ? Integer.valueOf(DEFAULT_IMAGE_SIDE) : imageWidth,
                precision == null ? PRECISION_FLOAT32 : precision,
                loss == null ? (table ? LOSS_HINGE : LOSS_BCE) : loss, // hinge: the tabular GAN's default (TabularGanSettings says why)
                diffAugment != null && diffAugment,
                labelColumn,
                columnKinds == null ? (table ? Map.of() : null) : columnKinds,
                requestedAt == null ? Instant.now() : requestedAt);
    }

    private static String defaultModelName(String dataset, String arch) {
        String base = dataset;
        if (base != null && base.matches("(?i).*\\.(csv|arff)")) { // weka/credit-g.arff → credit-g: the file, not its folder or format
            base = base.substring(base.lastIndexOf('/') + 1, base.lastIndexOf('.'));
        }
        String name = (base + "-" + arch).toLowerCase().replaceAll("[^a-z0-9._-]", "-");
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
        tableProblems(p);
        return p;
    }

    private void tableProblems(List<String> p) {
        boolean table = tableDataset();
        boolean tabularArch = ARCH_CONDITIONAL_TABULAR.equals(architecture);
        if (!table && (tabularArch || labelColumn != null || columnKinds != null) && dataset != null && !dataset.isBlank()) {
            p.add("architecture " + ARCH_CONDITIONAL_TABULAR + ", labelColumn and columnKinds are for table data sets (a .csv or .arff file "
                    + "under the data folder, e.g. weka/credit-g.arff); " + dataset + " is not one");
            return;
        }
        if (!table) return;
        if (architecture != null && !tabularArch) p.add("a table data set trains architecture " + ARCH_CONDITIONAL_TABULAR + ", not " + architecture);
        if (labelColumn == null || labelColumn.isBlank()) p.add("labelColumn is required for a table data set: the column whose classes rows are generated for");
        if (columnKinds != null) {
            columnKinds.forEach((column, kind) -> {
                if (column == null || column.isBlank() || kind == null || !COLUMN_KINDS.contains(kind.toUpperCase(Locale.ROOT)))
                    p.add("columnKinds maps a column to one of " + COLUMN_KINDS + ", got " + column + " → " + kind);
            });
        }
        if (batchSize != null && batchSize % TABULAR_PACK != 0)
            p.add("batchSize must be a multiple of " + TABULAR_PACK + " for a table data set (rows are judged in packs of " + TABULAR_PACK + "), got " + batchSize);
        if (PRECISION_INT8.equals(precision)) p.add("precision int8 is offered for " + ARCH_CONDITIONAL_MLP + " only");
        if (Boolean.TRUE.equals(diffAugment)) p.add("diffAugment augments images: it is not offered for a table data set");
    }

    private static void range(List<String> p, String name, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) p.add(name + " must be in [" + min + ", " + max + "], got " + v);
    }

    private static void rate(List<String> p, String name, Double v) {
        if (v != null && !(v > 0 && v < 1)) p.add(name + " must be in (0, 1), got " + v);
    }
}
