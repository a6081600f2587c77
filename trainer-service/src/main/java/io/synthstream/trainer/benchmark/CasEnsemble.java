package io.synthstream.trainer.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.evaluation.ReferenceClassifier;
import io.synthstream.trainer.evaluation.SyntheticSamples;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.export.GeneratorSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * CAS on a training set drawn half from this run's GAN and half from the CAS GAN of an earlier run on the same data set
 * (another architecture): two generators may cover more of the data than either alone. Each half is drawn as its own
 * run chose on validation (latent scale, filter), each with half that pool's samples per class, so the set is as large
 * as one GAN's pool. Its classifiers are scored like the single-GAN ones, validation included, so the comparison with
 * the single pool is made on validation too.
 */
final class CasEnsemble {
    private final Path otherRun;
    private final JsonNode otherFigures;
    private final AugmentationBench.Settings otherSettings;

    /** @param otherRun the folder of an earlier bench run whose CAS part is done for the data sets of this one */
    CasEnsemble(Path otherRun) throws IOException {
        this.otherRun = otherRun;
        JsonNode root = EventJson.MAPPER.readTree(otherRun.resolve("augmentation.json").toFile());
        this.otherFigures = root.get("figures");
        this.otherSettings = EventJson.MAPPER.treeToValue(root.get("settings"), AugmentationBench.Settings.class);
    }

    /** Trains and scores one classifier of the given seed on the pool (or returns its stored figure). */
    interface Scorer {
        ObjectNode score(String key, LabelledImages pool, int seed);
    }

    static String key(String d, int k) {
        return d + "/cas/ensemble/s" + k;
    }

    /** Refuses to extend ensemble figures drawn with another run's GAN: their keys do not name it. */
    static void requireSameRun(JsonNode measured, String otherRun) {
        if (measured != null && !measured.path("with").asText().equals(otherRun)) {
            throw new IllegalArgumentException("the ensemble figures here were drawn with " + measured.path("with").asText() + ", not " + otherRun
                    + "; give another --out folder");
        }
    }

    /** Draws the two halves and trains the classifiers of seeds 0 … seeds − 1 that are missing. */
    void measure(String d, AugmentationBench.CasPool mine, GeneratorSession mySession, GanShape myShape, LabelledImages like,
                 ReferenceClassifier filter, int seeds, BenchFigures figures, Scorer classify,
                 Consumer<String> log) throws IOException {
        JsonNode gan = otherFigures.get(d + "/cas/gan");
        AugmentationBench.CasPool theirs = AugmentationBench.chosenCasPool(otherFigures::get, otherSettings, d);
        if (gan == null || theirs == null) throw new IllegalArgumentException(otherRun + " has no CAS GAN with a chosen pool for " + d);
        try (GeneratorSession other = new GeneratorSession(Path.of(gan.get("onnx").asText()), gan.get("latentSize").asInt())) {
            var a = SyntheticSamples.draw(mySession, myShape, like.classNames(), mine.perClass() / 2, mine.filter() > 0 ? filter : null,
                    mine.filter(), mine.latentScale(), 41);
            var b = SyntheticSamples.draw(other, GanShape.of(gan.get("latentSize").asInt(), like), like.classNames(), theirs.perClass() / 2,
                    theirs.filter() > 0 ? filter : null, theirs.filter(), theirs.latentScale(), 43);
            LabelledImages pool = a.images().concat(b.images());
            log.accept(String.format("  %s CAS ensemble: %s (%.1f %% kept) + %s of %s (%s, %.1f %% kept)", d, mine, 100 * a.acceptance(), theirs,
                    otherRun, gan.get("architecture").asText(), 100 * b.acceptance()));
            for (int k = 0; k < seeds; k++) {
                if (figures.has(key(d, k))) continue;
                classify.score(key(d, k), pool, k).put("with", otherRun.toString()).put("withArchitecture", gan.get("architecture").asText())
                        .put("pool", mine.toString()).put("withPool", theirs.toString());
            }
        }
    }
}
