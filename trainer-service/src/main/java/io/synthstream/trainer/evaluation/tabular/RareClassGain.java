package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Kind;
import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Does a generator's rare-class rows make classifiers better at the rare class than the real rows alone, and than
 * SMOTE? Over stratified folds, each classifier is trained three ways and scored on the fold's held-out real rows
 * (minority-class F1, balanced accuracy): real training rows alone; plus SMOTE rows; plus the generator's rows.
 *
 * <p>Nothing is chosen on the test fold. Inside each training fold a stratified validation split is carved out; each
 * oversampler is fitted on the rest (the inner part), and how many rows it adds, the rare class brought to one of
 * {@code rareShares} of the majority class, is chosen per classifier by minority F1 on the validation rows. The
 * final model trains on the whole training fold plus that many rows, from the same fit or (with
 * {@code refitOnTrainingFold}) from a fit on the whole training fold. Both oversamplers go through the same steps.
 */
public final class RareClassGain {
    private RareClassGain() {
    }

    /** Rows of the rare class from a fitted oversampler. */
    public interface RareRowSampler {
        double[][] sample(int count, long seed);
    }

    /** Fits an oversampler on a fold's real rows (and only those): a GAN trained on them, SMOTE, or a test's fake. */
    @FunctionalInterface
    public interface RareRowGenerator {
        RareRowSampler fit(RowSchema schema, LabelledRows training, int rareClass, int fold, long seed);
    }

    /**
     * @param rareShares          candidate sizes of the rare class after oversampling, as shares of the majority class
     * @param smoteNeighbours     SMOTE's k
     * @param refitOnTrainingFold fit each oversampler again on the whole training fold for the final model
     */
    public record Settings(int folds, double validationShare, List<Double> rareShares, List<Kind> classifiers,
            TabularClassifiers.Settings classifierSettings, int smoteNeighbours, boolean refitOnTrainingFold, long seed) {
        public Settings {
            rareShares = List.copyOf(rareShares);
            classifiers = List.copyOf(classifiers);
            if (rareShares.isEmpty()) throw new IllegalArgumentException("at least one rare-class share to choose from");
        }

        public static Settings defaults(long seed) {
            return new Settings(5, 0.2, List.of(0.5, 1.0), List.of(Kind.values()), TabularClassifiers.Settings.defaults(), 5, false, seed);
        }
    }

    public record MeanSd(double mean, double sd) {
        static MeanSd of(double[] v) {
            double m = Arrays.stream(v).average().orElse(0);
            double ss = 0;
            for (double x : v) ss += (x - m) * (x - m);
            return new MeanSd(m, v.length < 2 ? 0 : Math.sqrt(ss / (v.length - 1)));
        }
    }

    /** One fold's test scores of one arm; {@code chosenShare} and {@code addedRows} are 0 for the real-only arm. */
    public record FoldScore(int fold, double minorityF1, double balancedAccuracy, double chosenShare, int addedRows) {
    }

    public record Arm(MeanSd minorityF1, MeanSd balancedAccuracy, List<FoldScore> folds) {
        static Arm of(List<FoldScore> folds) {
            return new Arm(MeanSd.of(folds.stream().mapToDouble(FoldScore::minorityF1).toArray()),
                    MeanSd.of(folds.stream().mapToDouble(FoldScore::balancedAccuracy).toArray()), List.copyOf(folds));
        }
    }

    /** One classifier's three arms; the gains are differences of the arms' means. */
    public record ClassifierResult(String classifier, Arm realOnly, Arm smote, Arm synthetic, double minorityF1Gain,
            double balancedAccuracyGain, double smoteMinorityF1Gain, double smoteBalancedAccuracyGain, double minorityF1GainOverSmote) {
    }

    /**
     * @param minorityF1Gain        the synthetic arm's minority F1 minus the real-only arm's, averaged over classifiers:
     *                              what a gate refuses a version on when negative
     * @param generatorFitSeconds   per fold, the time the generator's fits took
     */
    public record Result(String rareClass, int folds, List<ClassifierResult> classifiers, double minorityF1Gain, double balancedAccuracyGain,
            double smoteMinorityF1Gain, List<Double> generatorFitSeconds, List<Double> smoteFitSeconds) {
        public String summary() {
            StringBuilder s = new StringBuilder(String.format("rare class '%s', %d folds: minority F1 gain %+.4f, balanced accuracy gain %+.4f "
                    + "(SMOTE: %+.4f F1)", rareClass, folds, minorityF1Gain, balancedAccuracyGain, smoteMinorityF1Gain));
            for (ClassifierResult c : classifiers) {
                s.append(String.format("%n  %-19s minority F1 real %.3f±%.3f  smote %.3f±%.3f  synthetic %.3f±%.3f | balanced accuracy real %.3f  "
                                + "smote %.3f  synthetic %.3f", c.classifier(), c.realOnly().minorityF1().mean(), c.realOnly().minorityF1().sd(),
                        c.smote().minorityF1().mean(), c.smote().minorityF1().sd(), c.synthetic().minorityF1().mean(), c.synthetic().minorityF1().sd(),
                        c.realOnly().balancedAccuracy().mean(), c.smote().balancedAccuracy().mean(), c.synthetic().balancedAccuracy().mean()));
            }
            return s.toString();
        }
    }

    /** The folds {@link #measure} uses for these settings: a caller's generator can find a fold's test rows to score on too. */
    public static List<StratifiedSplits.Split> folds(LabelledRows data, Settings settings) {
        return StratifiedSplits.folds(data.labels(), settings.folds(), settings.seed());
    }

    public static Result measure(RowSchema schema, LabelledRows data, RareRowGenerator generator, Settings settings, Consumer<String> log) {
        int classes = schema.classes().size();
        int rare = data.rarestClass(classes);
        int k = settings.classifiers().size();
        List<List<FoldScore>> real = lists(k), smote = lists(k), synthetic = lists(k);
        List<Double> generatorSeconds = new ArrayList<>(), smoteSeconds = new ArrayList<>();
        RareRowGenerator smoteGenerator = Smote.generator(settings.smoteNeighbours());
        List<StratifiedSplits.Split> folds = folds(data, settings);
        for (int f = 0; f < folds.size(); f++) {
            LabelledRows train = data.subset(folds.get(f).train()), test = data.subset(folds.get(f).heldOut());
            StratifiedSplits.Split inner = StratifiedSplits.holdOut(train.labels(), settings.validationShare(), settings.seed() * 31 + f);
            FoldData fold = new FoldData(f, train, train.subset(inner.train()), train.subset(inner.heldOut()), test, rare);
            for (int c = 0; c < k; c++) {
                Scores s = TabularClassifiers.trainAndScore(settings.classifiers().get(c), settings.classifierSettings(), schema, train, test, rare,
                        classifierSeed(settings, f));
                real.get(c).add(new FoldScore(f, s.minorityF1(), s.balancedAccuracy(), 0, 0));
            }
            smoteSeconds.add(oversampledArm(schema, fold, smoteGenerator, settings, smote));
            generatorSeconds.add(oversampledArm(schema, fold, generator, settings, synthetic));
            log.accept(String.format("fold %d/%d: %s", f + 1, folds.size(), lastScores(settings, real, smote, synthetic)));
        }
        List<ClassifierResult> results = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            Arm r = Arm.of(real.get(c)), s = Arm.of(smote.get(c)), g = Arm.of(synthetic.get(c));
            results.add(new ClassifierResult(settings.classifiers().get(c).name(), r, s, g, g.minorityF1().mean() - r.minorityF1().mean(),
                    g.balancedAccuracy().mean() - r.balancedAccuracy().mean(), s.minorityF1().mean() - r.minorityF1().mean(),
                    s.balancedAccuracy().mean() - r.balancedAccuracy().mean(), g.minorityF1().mean() - s.minorityF1().mean()));
        }
        return new Result(schema.classes().get(rare), folds.size(), results, results.stream().mapToDouble(ClassifierResult::minorityF1Gain).average().orElse(0),
                results.stream().mapToDouble(ClassifierResult::balancedAccuracyGain).average().orElse(0),
                results.stream().mapToDouble(ClassifierResult::smoteMinorityF1Gain).average().orElse(0), generatorSeconds, smoteSeconds);
    }

    private record FoldData(int index, LabelledRows train, LabelledRows inner, LabelledRows validation, LabelledRows test, int rare) {
    }

    /** One oversampler in one fold, for every classifier: the share chosen on validation, then the test scores. Returns its fit time. */
    private static double oversampledArm(RowSchema schema, FoldData fold, RareRowGenerator generator, Settings settings, List<List<FoldScore>> into) {
        int classes = schema.classes().size();
        long seed = settings.seed() * 1_000_003L + fold.index();
        long start = System.nanoTime();
        RareRowSampler sampler = generator.fit(schema, fold.inner(), fold.rare(), fold.index(), seed);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        int k = settings.classifiers().size();
        double[] bestF1 = new double[k];
        double[] bestShare = new double[k];
        Arrays.fill(bestF1, -1);
        for (double share : settings.rareShares()) {
            LabelledRows added = LabelledRows.ofClass(sampler.sample(rowsToAdd(fold.inner(), classes, fold.rare(), share), seed + 1), fold.rare());
            for (int c = 0; c < k; c++) {
                Scores s = TabularClassifiers.trainAndScore(settings.classifiers().get(c), settings.classifierSettings(), schema,
                        fold.inner().concat(added), fold.validation(), fold.rare(), classifierSeed(settings, fold.index()));
                if (s.minorityF1() > bestF1[c]) { // a tie keeps the smaller share: fewer made-up rows for the same result
                    bestF1[c] = s.minorityF1();
                    bestShare[c] = share;
                }
            }
        }
        if (settings.refitOnTrainingFold()) {
            start = System.nanoTime();
            sampler = generator.fit(schema, fold.train(), fold.rare(), fold.index(), seed);
            fitSeconds += (System.nanoTime() - start) / 1e9;
        }
        for (int c = 0; c < k; c++) {
            int n = rowsToAdd(fold.train(), classes, fold.rare(), bestShare[c]);
            LabelledRows added = LabelledRows.ofClass(sampler.sample(n, seed + 2), fold.rare());
            Scores s = TabularClassifiers.trainAndScore(settings.classifiers().get(c), settings.classifierSettings(), schema, fold.train().concat(added),
                    fold.test(), fold.rare(), classifierSeed(settings, fold.index()));
            into.get(c).add(new FoldScore(fold.index(), s.minorityF1(), s.balancedAccuracy(), bestShare[c], n));
        }
        return fitSeconds;
    }

    /** One seed for every classifier of a fold, whatever its arm: the arms then differ by their rows, not by a forest's draws. */
    private static long classifierSeed(Settings settings, int fold) {
        return settings.seed() + fold;
    }

    /** Rare rows to add so the rare class reaches {@code share} of the largest class (none when it already does). */
    static int rowsToAdd(LabelledRows rows, int classes, int rare, double share) {
        int[] counts = rows.classCounts(classes);
        int majority = Arrays.stream(counts).max().orElse(0);
        return Math.max(0, (int) Math.round(share * majority) - counts[rare]);
    }

    private static List<List<FoldScore>> lists(int k) {
        List<List<FoldScore>> out = new ArrayList<>();
        for (int i = 0; i < k; i++) out.add(new ArrayList<>());
        return out;
    }

    private static String lastScores(Settings settings, List<List<FoldScore>> real, List<List<FoldScore>> smote, List<List<FoldScore>> synthetic) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < settings.classifiers().size(); c++) {
            FoldScore r = last(real.get(c)), m = last(smote.get(c)), g = last(synthetic.get(c));
            s.append(String.format("%s minority F1 real %.3f smote %.3f (share %.2f) synthetic %.3f (share %.2f); ", settings.classifiers().get(c),
                    r.minorityF1(), m.minorityF1(), m.chosenShare(), g.minorityF1(), g.chosenShare()));
        }
        return s.toString().trim();
    }

    private static FoldScore last(List<FoldScore> l) {
        return l.get(l.size() - 1);
    }
}
