package io.synthstream.trainer.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.data.LabelBudget;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.evaluation.ClassifierTraining;
import io.synthstream.trainer.evaluation.ClassifierTraining.Recipe;
import io.synthstream.trainer.evaluation.ReferenceClassifier;
import io.synthstream.trainer.evaluation.SyntheticSamples;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.GanShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Does a GAN's data make a downstream classifier better? Per data set: the reference classifier design
 * trained on the real training set and, with the same budget, on synthetic samples only (CAS); then the
 * few-labels curve: N labelled images (class-balanced, several random subsets), a classifier on (a) those
 * alone, (b) with classic augmentation, (c) with GAN samples, (d) with both, for two GANs — one trained on
 * the N labelled images only, one that also learns from the unlabelled rest, labelled by classifier (b)
 * where it is confident. Every choice (share of synthetic samples per batch, confidence filter) is made on
 * a validation split carved from the N labelled images (for CAS, from the training set); the test set
 * only scores. Each figure is written to the JSON file as soon as it exists, so a stopped run resumes.
 */
public final class AugmentationBench {
    public static final String VARIANT_LABELLED = "labelled";
    public static final String VARIANT_SEMI = "semi";
    static final List<String> VARIANTS = List.of(VARIANT_LABELLED, VARIANT_SEMI);
    public static final String PART_CAS = "cas";
    public static final String PART_FEW_LABELS = "few-labels";
    /** Settings that choose which figures to measure, not how: a run may extend another with more of them. */
    static final java.util.Set<String> SCOPE = java.util.Set.of("datasets", "parts", "labelCounts", "subsets",
            // candidates of choices made on validation: their figures' keys name them
            "shares", "filters", "latentScales", "casSamplesPerClass", "casLatentScales",
            // an extra CAS figure of its own key
            "casEnsembleWith");
    private static final int CAS_BATCH = 128;
    private static final int BATCH = 64;

    /**
     * @param parts              {@link #PART_CAS} and/or {@link #PART_FEW_LABELS}
     * @param casLoss            loss of the GAN trained on the whole training set ({@code loss}: of the few-labels GANs)
     * @param casSamplesPerClass candidate sizes of the CAS training set, per class (each classifier update draws from it)
     * @param casLatentScales    candidate standard deviations of the CAS samples' latent vectors
     * @param latentScales       the same for the few-labels mixes
     * @param casValidationShare share of the training set held out to choose the CAS pool
     * @param pseudoLabelConfidence the semi variant keeps unlabelled images classifier (b) gives a class at least this probability
     * @param scoredImages       at most this many test (and CAS validation) images score each classifier, 0 for all: the
     *                           tiny run's time went into scoring, its figures meaningless anyway (0 is not written,
     *                           so files measured before it resume)
     * @param casEnsembleWith    an earlier run's folder whose CAS GAN draws half of one more CAS pool ({@link CasEnsemble}), or null
     */
    public record Settings(List<String> datasets, List<String> parts, List<Integer> labelCounts, int subsets, String architecture,
                           String casLoss, boolean casDiffAugment, String loss, boolean diffAugment, int casGanSteps, int labelledGanSteps, int semiGanSteps, int casClassifierSteps,
                           int classifierSteps, List<Integer> casSamplesPerClass, List<Double> casLatentScales, int samplesPerClass, double casValidationShare,
                           double validationShare, double pseudoLabelConfidence, List<Double> shares, List<Double> filters,
                           List<Double> latentScales,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) int scoredImages,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String casEnsembleWith) {
    }

    private final Settings s;
    private final DatasetCatalog catalog;
    private final Path out;
    private final BenchFigures figures;
    private final Consumer<String> log;
    /** The few-labels GANs of an earlier run with the same GAN recipe, reused instead of trained again; or null. */
    private final JsonNode gansFrom;

    public AugmentationBench(Settings settings, DatasetCatalog catalog, Path out, Consumer<String> log) throws IOException {
        this(settings, catalog, out, log, null);
    }

    /**
     * @param gansFrom the folder of an earlier run whose few-labels GANs (and the semi variant's pseudo-labels) this one
     *                 reuses, to compare classifier recipes (budget, shares, filters) on the very same GANs; its GAN
     *                 recipe and label subsets must be this run's
     */
    public AugmentationBench(Settings settings, DatasetCatalog catalog, Path out, Consumer<String> log, Path gansFrom) throws IOException {
        this.s = settings;
        this.catalog = catalog;
        this.out = out;
        this.log = log;
        this.figures = BenchFigures.open(out.resolve("augmentation.json"), EventJson.MAPPER.valueToTree(settings), SCOPE);
        this.gansFrom = gansFrom == null ? null : earlierGans(gansFrom.resolve("augmentation.json"), settings);
    }

    private static final List<String> GAN_RECIPE = List.of("architecture", "loss", "diffAugment", "labelledGanSteps", "semiGanSteps",
            "validationShare", "pseudoLabelConfidence");

    private static JsonNode earlierGans(Path file, Settings settings) throws IOException {
        JsonNode earlier = EventJson.MAPPER.readTree(file.toFile());
        JsonNode mine = EventJson.MAPPER.valueToTree(settings);
        for (String field : GAN_RECIPE) {
            if (!mine.get(field).equals(earlier.get("settings").get(field))) {
                throw new IllegalArgumentException(file + " has GANs of another recipe (" + field + " " + earlier.get("settings").get(field)
                        + ", here " + mine.get(field) + ")");
            }
        }
        return earlier.get("figures");
    }

    /** Measures what is missing, then writes the summary, the table and the charts. */
    public BenchReport run() throws IOException {
        for (String d : s.datasets()) {
            DatasetCatalog.Split split = catalog.load(d);
            if (s.parts().contains(PART_CAS)) cas(d, split);
            if (s.parts().contains(PART_FEW_LABELS)) for (int n : s.labelCounts()) for (int k = 0; k < s.subsets(); k++) fewLabels(d, split, n, k);
        }
        return BenchReport.write(figures, s, out, log);
    }

    /** One way to build the CAS training set: latent scale, samples per class, confidence filter (0 = none). */
    record CasPool(double latentScale, int perClass, double filter) {
    }

    /** The pool of the first CAS runs, whose figures' keys name only the filter. */
    private static final int FIRST_CAS_POOL = 6000;

    static List<CasPool> casPools(Settings s) {
        List<CasPool> pools = new ArrayList<>();
        for (double z : s.casLatentScales()) for (int n : s.casSamplesPerClass()) for (double f : s.filters()) pools.add(new CasPool(z, n, f));
        return pools;
    }

    static String casKey(String d, CasPool c, int k) {
        String pool = c.latentScale() == 1.0 && c.perClass() == FIRST_CAS_POOL ? "" : "z" + c.latentScale() + "/n" + c.perClass() + "/";
        return d + "/cas/synthetic/" + pool + "f" + c.filter() + "/s" + k;
    }

    /**
     * The pool whose classifier of seed 0 scores best on the validation split (ties: the first listed); null
     * until one is measured. Seed 0 alone chooses so that a grid of pools costs one classifier each; the
     * chosen pool then trains the other seeds.
     */
    static CasPool chosenCasPool(java.util.function.Function<String, JsonNode> figures, Settings s, String d) {
        CasPool best = null;
        double bestVal = -1;
        for (CasPool c : casPools(s)) {
            JsonNode x = figures.apply(casKey(d, c, 0));
            if (x != null && x.has("validation") && x.get("validation").asDouble() > bestVal) {
                bestVal = x.get("validation").asDouble();
                best = c;
            }
        }
        return best;
    }

    private void cas(String d, DatasetCatalog.Split split) {
        LabelledImages[] tv = LabelBudget.stratifiedSplit(split.train(), s.casValidationShare(), 0);
        LabelledImages train = tv[0], val = scored(tv[1]), test = scored(split.test());
        for (int k = 0; k < s.subsets(); k++) {
            classify(d + "/cas/real/s" + k, train, Recipe.realOnly(s.casClassifierSteps(), CAS_BATCH, false, k), val, test);
        }
        ObjectNode gan = figures.figure(d + "/cas/gan", () -> BenchGan.train(figures, runDir(d + "-cas"),
                job(d, s.casGanSteps(), 1, s.casLoss(), s.casDiffAugment()), train, log));
        List<CasPool> pools = casPools(s);
        if (s.casEnsembleWith() != null) CasEnsemble.requireSameRun(figures.get(CasEnsemble.key(d, 0)), s.casEnsembleWith());
        boolean ensembleDone = s.casEnsembleWith() == null || IntStream.range(0, s.subsets()).allMatch(k -> figures.has(CasEnsemble.key(d, k)));
        if (pools.stream().allMatch(c -> figures.has(casKey(d, c, 0)))) {
            CasPool chosen = chosenCasPool(figures::get, s, d);
            if (ensembleDone && IntStream.range(0, s.subsets()).allMatch(k -> figures.has(casKey(d, chosen, k)))) return;
        }
        try (GeneratorSession session = session(gan);
             ReferenceClassifier filter = ClassifierTraining.train(train, Recipe.realOnly(s.casClassifierSteps(), CAS_BATCH, false, 0))) {
            for (CasPool c : pools) {
                if (!figures.has(casKey(d, c, 0))) casClassifiers(d, c, session, gan, train, filter, val, test, 1);
            }
            CasPool chosen = chosenCasPool(figures::get, s, d);
            log.accept("  " + d + " CAS pool chosen on validation: " + chosen);
            casClassifiers(d, chosen, session, gan, train, filter, val, test, s.subsets());
            if (!ensembleDone) {
                new CasEnsemble(Path.of(s.casEnsembleWith())).measure(d, chosen, session, shape(gan, train), train, filter, s.subsets(), figures,
                        (key, pool, k) -> classify(key, pool, Recipe.realOnly(s.casClassifierSteps(), CAS_BATCH, false, k), val, test), log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Draws the pool (only if a figure is missing) and trains the classifiers of seeds 0 … seeds − 1 on it. */
    private void casClassifiers(String d, CasPool c, GeneratorSession session, JsonNode gan, LabelledImages train, ReferenceClassifier filter,
                                LabelledImages val, LabelledImages test, int seeds) {
        SyntheticSamples.Pool pool = null;
        for (int k = 0; k < seeds; k++) {
            if (figures.has(casKey(d, c, k))) continue;
            if (pool == null) {
                pool = SyntheticSamples.draw(session, shape(gan, train), train.classNames(), c.perClass(), c.filter() > 0 ? filter : null, c.filter(),
                        c.latentScale(), 41);
                log.accept(String.format("  %s CAS pool %s: %d samples, %.1f %% of those drawn kept", d, c, pool.images().size(), 100 * pool.acceptance()));
            }
            classify(casKey(d, c, k), pool.images(), Recipe.realOnly(s.casClassifierSteps(), CAS_BATCH, false, k), val, test)
                    .put("acceptance", pool.acceptance());
        }
    }

    static String prefix(String d, int n, int k) {
        return d + "/n" + n + "/s" + k;
    }

    /** @param scale the latent scale: 1 (the first runs' only one) is not named in the key */
    static String mixKey(String prefix, String variant, boolean classic, double share, double filter, double scale) {
        return prefix + "/" + variant + (classic ? "/classic+gan" : "/gan") + "/share" + share + "/f" + filter + (scale == 1.0 ? "" : "/z" + scale);
    }

    private void fewLabels(String d, DatasetCatalog.Split split, int n, int k) {
        String p = prefix(d, n, k);
        LabelBudget b = LabelBudget.draw(split.train(), n, s.validationShare(), 1000L * n + k);
        LabelledImages test = scored(split.test());
        classify(p + "/real", b.labelled(), Recipe.realOnly(s.classifierSteps(), BATCH, false, k), b.validation(), test);
        classify(p + "/classic", b.labelled(), Recipe.realOnly(s.classifierSteps(), BATCH, true, k), b.validation(), test);
        List<String> missing = new ArrayList<>();
        for (String v : VARIANTS) {
            missing.add(p + "/gan-" + v);
            for (boolean classic : new boolean[]{false, true}) for (double share : s.shares()) for (double f : s.filters())
                for (double z : s.latentScales()) missing.add(mixKey(p, v, classic, share, f, z));
        }
        if (missing.stream().allMatch(figures::has)) return;
        // classifier (b): the filter of the GAN samples and the labeller of the semi variant's unlabelled images
        try (ReferenceClassifier labeller = ClassifierTraining.train(b.labelled(), Recipe.realOnly(s.classifierSteps(), BATCH, true, k))) {
            for (String v : VARIANTS) {
                ObjectNode gan = figures.figure(p + "/gan-" + v, () -> {
                    if (gansFrom != null && gansFrom.has(p + "/gan-" + v)) {
                        log.accept(String.format("  %s/gan-%s: reused from the earlier run", p, v));
                        return ((ObjectNode) gansFrom.get(p + "/gan-" + v).deepCopy()).put("reused", true);
                    }
                    LabelledImages data = b.labelled();
                    ObjectNode pseudo = null;
                    if (VARIANT_SEMI.equals(v)) {
                        PseudoLabels pl = PseudoLabels.of(labeller, split.train(), b.unlabelledIndices(), s.pseudoLabelConfidence());
                        data = data.concat(pl.images());
                        pseudo = figures.newNode().put("kept", pl.images().size()).put("of", b.unlabelledIndices().length)
                                .put("accuracyOfKept", pl.accuracy());
                        log.accept(String.format("  %s: %d of %d unlabelled images pseudo-labelled (%.2f %% of them right)", p,
                                pl.images().size(), b.unlabelledIndices().length, 100 * pl.accuracy()));
                    }
                    int steps = VARIANT_SEMI.equals(v) ? s.semiGanSteps() : s.labelledGanSteps();
                    ObjectNode f = BenchGan.train(figures, runDir(p.replace('/', '-') + "-" + v), job(d, steps, 100L * n + k, s.loss(), s.diffAugment()), data, log);
                    if (pseudo != null) f.set("pseudoLabels", pseudo);
                    return f;
                });
                mixes(p, v, gan, b, labeller, test, k);
            }
        }
    }

    private void mixes(String p, String v, ObjectNode gan, LabelBudget b, ReferenceClassifier labeller, LabelledImages test, int k) {
        try (GeneratorSession session = session(gan)) {
            GanShape shape = shape(gan, b.labelled());
            for (double z : s.latentScales()) {
                for (double f : s.filters()) {
                    SyntheticSamples.Pool pool = null;
                    for (boolean classic : new boolean[]{false, true}) {
                        for (double share : s.shares()) {
                            String key = mixKey(p, v, classic, share, f, z);
                            if (figures.has(key)) continue;
                            if (pool == null) pool = SyntheticSamples.draw(session, shape, b.labelled().classNames(), s.samplesPerClass(),
                                    f > 0 ? labeller : null, f, z, 43 + k);
                            classify(key, b.labelled(), new Recipe(s.classifierSteps(), BATCH, classic, pool.images(), share, k), b.validation(), test)
                                    .put("acceptance", pool.acceptance());
                        }
                    }
                }
            }
        }
    }

    /** The first {@code scoredImages} images (the test sets are not ordered by class), or all. */
    private LabelledImages scored(LabelledImages images) {
        int n = s.scoredImages();
        return n <= 0 || n >= images.size() ? images : images.subset(IntStream.range(0, n).toArray());
    }

    /** Trains and scores one classifier, or returns its stored figure. */
    private ObjectNode classify(String key, LabelledImages train, Recipe r, LabelledImages val, LabelledImages test) {
        return figures.figure(key, () -> {
            long start = System.nanoTime();
            if (train.size() == 0 || (r.synthetic() != null && r.synthetic().size() == 0 && r.syntheticShare() > 0)) {
                log.accept(String.format("  %-55s skipped: the filter kept no sample", key));
                return figures.newNode().put("skipped", "no training images: the confidence filter kept no sample");
            }
            try (ReferenceClassifier c = ClassifierTraining.train(train, r)) {
                ObjectNode n = figures.newNode();
                n.put("validation", c.accuracy(val)).put("test", c.accuracy(test)).put("trainingImages", train.size())
                        .put("seconds", BenchGan.round((System.nanoTime() - start) / 1e9, 1));
                log.accept(String.format("  %-55s validation %6.2f %%  test %6.2f %%  (%.0f s)", key, 100 * n.get("validation").asDouble(),
                        100 * n.get("test").asDouble(), n.get("seconds").asDouble()));
                return n;
            }
        });
    }

    private TrainingJobRequested job(String dataset, int steps, long seed, String loss, boolean diffAugment) {
        return new TrainingJobRequested("bench-augmentation", dataset, s.architecture(), null, steps, null, null, null, null, seed, null, null,
                null, null, null, null, loss, diffAugment, null).withDefaults();
    }

    private Path runDir(String name) {
        return out.resolve("runs").resolve(name);
    }

    private static GanShape shape(JsonNode gan, LabelledImages like) {
        return GanShape.of(gan.get("latentSize").asInt(), like);
    }

    private static GeneratorSession session(JsonNode gan) {
        try {
            return new GeneratorSession(Path.of(gan.get("onnx").asText()), gan.get("latentSize").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
