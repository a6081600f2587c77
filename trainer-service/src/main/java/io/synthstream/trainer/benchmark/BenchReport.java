package io.synthstream.trainer.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The benchmark's summary from its stored figures: means and standard deviations over subsets (seeds),
 * each GAN recipe's choice made per subset on its validation split, the test accuracy of the choice
 * reported. Written into the JSON file ("summary"), printed as a table and drawn as one chart per data set.
 */
public record BenchReport(ObjectNode summary, List<Path> charts, String table) {

    record Stat(double mean, double sd, int n) {
        static Stat of(List<Double> v) {
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double var = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, v.size() - 1);
            return new Stat(m, Math.sqrt(var), v.size());
        }

        String pct() {
            if (n == 0) return "—";
            return n == 1 ? String.format("%.2f (n=1)", 100 * mean) : String.format("%.2f ± %.2f", 100 * mean, 100 * sd);
        }
    }

    static BenchReport write(BenchFigures figures, AugmentationBench.Settings s, Path out, Consumer<String> log) throws IOException {
        ObjectNode summary = figures.newNode();
        StringBuilder t = new StringBuilder();
        List<Path> charts = new ArrayList<>();
        for (String d : s.datasets()) {
            ObjectNode ds = summary.putObject(d);
            if (s.parts().contains(AugmentationBench.PART_CAS)) cas(figures, s, d, ds, t);
            else t.append(String.format("%n%s%n", d));
            if (!s.parts().contains(AugmentationBench.PART_FEW_LABELS)) continue;
            t.append(String.format("  %-7s %-15s %-15s %-17s %-17s %-17s %-17s%n", "N", "(a) real", "(b) +classic", "(c) +GAN lab.",
                    "(c) +GAN semi", "(d) +both lab.", "(d) +both semi"));
            var dataset = new DefaultStatisticalCategoryDataset();
            for (int n : s.labelCounts()) {
                ObjectNode row = ds.putObject("n" + n);
                Stat a = stat(figures, k -> AugmentationBench.prefix(d, n, k) + "/real", s.subsets());
                Stat b = stat(figures, k -> AugmentationBench.prefix(d, n, k) + "/classic", s.subsets());
                put(row, "realOnly", a);
                put(row, "classic", b);
                add(dataset, a, "(a) real only", n);
                add(dataset, b, "(b) real + classic", n);
                StringBuilder cells = new StringBuilder(String.format("  %-7d %-15s %-15s", n, a.pct(), b.pct()));
                List<String> later = new ArrayList<>();
                for (boolean classic : new boolean[]{false, true}) {
                    for (String v : AugmentationBench.VARIANTS) {
                        Stat c = chosen(figures, s, d, n, v, classic);
                        String name = (classic ? "(d) real + classic + GAN " : "(c) real + GAN ") + v;
                        put(row, (classic ? "classicAndGan-" : "gan-") + v, c);
                        add(dataset, c, name, n);
                        cells.append(String.format(" %-17s", c.pct()));
                        Stat seconds = statOf(figures, k -> AugmentationBench.prefix(d, n, k) + "/gan-" + v, s.subsets(), "trainingSeconds");
                        Stat speed = statOf(figures, k -> AugmentationBench.prefix(d, n, k) + "/gan-" + v, s.subsets(), "servingSamplesPerSecond");
                        if (!classic && seconds.n() > 0) {
                            row.put("ganSeconds-" + v, seconds.mean()).put("servingSamplesPerSecond-" + v, speed.mean());
                            later.add(String.format("GAN %s %.0f s, %,.0f samples/s", v, seconds.mean(), speed.mean()));
                        }
                    }
                }
                t.append(cells).append('\n');
                if (!later.isEmpty()) t.append("          ").append(String.join("; ", later)).append('\n');
            }
            charts.add(chart(dataset, d, out.resolve("augmentation-" + d + ".png")));
        }
        t.append(String.format("%nmean ± standard deviation over %d subsets/seeds, accuracy on the real test set; "
                + "every GAN recipe (share, filter, latent scale) chosen on a validation split of the N labelled images%n", s.subsets()));
        figures.put("summary", summary);
        Files.writeString(out.resolve("augmentation.txt"), t.toString());
        log.accept(t.toString());
        return new BenchReport(summary, charts, t.toString());
    }

    /** Real vs synthetic-only accuracy with the pool chosen on validation, into {@code ds} and the table. */
    private static void cas(BenchFigures figures, AugmentationBench.Settings s, String d, ObjectNode ds, StringBuilder t) {
        Stat real = stat(figures, k -> d + "/cas/real/s" + k, s.subsets());
        AugmentationBench.CasPool chosen = AugmentationBench.chosenCasPool(figures::get, s, d);
        if (chosen == null) return;
        Stat cas = stat(figures, k -> AugmentationBench.casKey(d, chosen, k), s.subsets());
        ObjectNode node = ds.putObject("cas").put("realMean", real.mean()).put("realSd", real.sd()).put("casMean", cas.mean()).put("casSd", cas.sd())
                .put("gapPoints", 100 * (real.mean() - cas.mean())).put("chosenFilter", chosen.filter())
                .put("chosenLatentScale", chosen.latentScale()).put("chosenSamplesPerClass", chosen.perClass());
        ObjectNode candidates = node.putObject("candidatesValidationSeed0");
        StringBuilder grid = new StringBuilder();
        for (AugmentationBench.CasPool c : AugmentationBench.casPools(s)) {
            JsonNode x = figures.get(AugmentationBench.casKey(d, c, 0));
            if (x == null || !x.has("validation")) continue;
            candidates.put(AugmentationBench.casKey(d, c, 0), x.get("validation").asDouble());
            grid.append(String.format("  z %.2f, %d/class, filter %.2f: validation %.2f %%, test %.2f %% (kept %.1f %%)%n", c.latentScale(), c.perClass(),
                    c.filter(), 100 * x.get("validation").asDouble(), 100 * x.get("test").asDouble(), 100 * x.path("acceptance").asDouble(1)));
        }
        t.append(String.format("%n%s — reference classifier on real data %s %%; on synthetic only (CAS; latent scale %.2f, %d per class, filter %.2f, "
                        + "chosen on validation) %s %%; gap %.2f points%n  pools tried (seed 0):%n%s",
                d, real.pct(), chosen.latentScale(), chosen.perClass(), chosen.filter(), cas.pct(), 100 * (real.mean() - cas.mean()), grid));
        JsonNode gan = figures.get(d + "/cas/gan");
        node.set("gan", gan);
        if (gan != null) t.append(String.format("  full-data GAN: %s, %d steps, %.0f s of training, %,d samples/s served in process%n",
                gan.get("architecture").asText(), gan.get("steps").asInt(), gan.get("trainingSeconds").asDouble(),
                gan.get("servingSamplesPerSecond").asLong()));
        Stat ensemble = stat(figures, k -> CasEnsemble.key(d, k), s.subsets());
        if (ensemble.n() > 0) {
            Stat val = statOf(figures, k -> CasEnsemble.key(d, k), s.subsets(), "validation");
            JsonNode first = figures.get(CasEnsemble.key(d, 0));
            node.putObject("ensemble").put("casMean", ensemble.mean()).put("casSd", ensemble.sd()).put("validationMean", val.mean())
                    .put("gapPoints", 100 * (real.mean() - ensemble.mean())).put("with", first.path("with").asText())
                    .put("withArchitecture", first.path("withArchitecture").asText()).put("withPool", first.path("withPool").asText());
            t.append(String.format("  half this GAN's pool, half %s's (%s): validation %s %%, test %s %%; gap %.2f points%n",
                    first.path("with").asText(), first.path("withArchitecture").asText(), val.pct(), ensemble.pct(), 100 * (real.mean() - ensemble.mean())));
        }
    }

    /** Per subset, the (share, filter) with the best validation accuracy; the mean of their test accuracies. */
    static Stat chosen(BenchFigures figures, AugmentationBench.Settings s, String d, int n, String variant, boolean classic) {
        List<Double> tests = new ArrayList<>();
        for (int k = 0; k < s.subsets(); k++) {
            String p = AugmentationBench.prefix(d, n, k);
            JsonNode best = null;
            for (double share : s.shares()) {
                for (double f : s.filters()) for (double z : s.latentScales()) {
                    JsonNode x = figures.get(AugmentationBench.mixKey(p, variant, classic, share, f, z));
                    if (x != null && x.has("validation") && (best == null || x.get("validation").asDouble() > best.get("validation").asDouble())) best = x;
                }
            }
            if (best != null) tests.add(best.get("test").asDouble());
        }
        return Stat.of(tests);
    }

    private static Stat stat(BenchFigures figures, java.util.function.IntFunction<String> key, int subsets) {
        return statOf(figures, key, subsets, "test");
    }

    private static Stat statOf(BenchFigures figures, java.util.function.IntFunction<String> key, int subsets, String field) {
        List<Double> v = new ArrayList<>();
        for (int k = 0; k < subsets; k++) {
            JsonNode x = figures.get(key.apply(k));
            if (x != null && x.has(field)) v.add(x.get(field).asDouble());
        }
        return Stat.of(v);
    }

    private static void put(ObjectNode row, String name, Stat st) {
        if (st.n() > 0) row.putObject(name).put("mean", st.mean()).put("sd", st.sd()).put("subsets", st.n());
    }

    private static void add(DefaultStatisticalCategoryDataset ds, Stat st, String series, int n) {
        if (st.n() > 0) ds.add(100 * st.mean(), 100 * st.sd(), series, "N = " + n);
    }

    private static Path chart(DefaultStatisticalCategoryDataset ds, String dataset, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart = ChartFactory.createBarChart(dataset + ": test accuracy with N labelled images (mean ± sd)", "labelled images",
                "accuracy on the real test set (%)", ds, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(new StatisticalBarRenderer());
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(java.awt.Color.GRAY);
        double min = 100;
        for (int r = 0; r < ds.getRowCount(); r++) for (int c = 0; c < ds.getColumnCount(); c++) {
            Number v = ds.getMeanValue(r, c);
            if (v != null) min = Math.min(min, v.doubleValue());
        }
        plot.getRangeAxis().setRange(Math.max(0, Math.floor(min / 5) * 5 - 5), 100);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 600);
        return file;
    }
}
