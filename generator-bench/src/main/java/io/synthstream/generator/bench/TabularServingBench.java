package io.synthstream.generator.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.rows.ClassCountRows;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.InferenceDevice;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.tools.FixedBatch;
import io.synthstream.generator.tools.PublishedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast a tabular version is served, rows/s, by the generator's own code (issue 25's target: 100 000 rows/s in process
 * on 2 cores). In process, no Kafka: (1) ONNX Runtime alone on a fixed batch ({@link FixedBatch}); (2) ONNX Runtime and
 * the decoding into typed rows ({@link ClassCountRows#generate}, the loop the trainer measures versions with); (3) the
 * service's answer path as {@link InProcessFigures#answerPath} times it for images: latents, the dynamic batcher, decoding
 * and rows-json records ({@code SampleRecords}). End to end (4, {@link TabularEndToEnd}): per-class row requests answered through a real broker by
 * the running generator service(s), as {@code bench-generator} measures samples ({@link BenchCopies}, {@link AnswerReader}):
 * only rows read back (read_committed) count, and every answer is checked — each row of the requested class, as many as
 * asked, each value of its column's kind and categories. {@code ./synthstream bench-tabular} runs it on the version it
 * exported and adds the figures to its JSON under {@code "serving"}.
 */
@Command(name = "tabular-serving-bench", mixinStandardHelpOptions = true,
        description = "Rows/s of a tabular version: in process (ONNX Runtime, decoding, the answer path) and end to end through Kafka.")
public final class TabularServingBench implements Callable<Integer> {
    @Option(names = "--version-dir", required = true, description = "A tabular version as the trainer keeps it (version.json, model.onnx).")
    Path versionDir;
    @Option(names = "--json", defaultValue = ".local/bench/tabular-serving.json",
            description = "A JSON object file to add the figures to, under \"serving\" (bench-tabular passes its tabular.json; default ${DEFAULT-VALUE}).")
    Path json;
    @CommandLine.Mixin
    BenchKafkaOptions kafkaOptions = new BenchKafkaOptions();
    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads of the in-process figures.")
    int threads;
    @Option(names = "--rows-per-request", defaultValue = "1000")
    int rowsPerRequest;
    @Option(names = "--requests", defaultValue = "1000", description = "Requests per end-to-end repetition.")
    int requests;
    @Option(names = "--repetitions", defaultValue = "3", description = "Measured repetitions of each figure (after a warm-up).")
    int repetitions;
    @Option(names = "--in-process-only", description = "No Kafka: only the in-process figures.")
    boolean inProcessOnly;
    @Option(names = "--tiny", description = "Short runs (CI: the bench cannot rot); figures rough.")
    boolean tiny;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(new CommandLine(new TabularServingBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var source = PublishedModels.fromDirectory(versionDir);
        if (source.event().rows() == null) throw new IllegalArgumentException(versionDir + " holds an image version, not a tabular one");
        if (tiny) {
            requests = Math.min(requests, 60);
            rowsPerRequest = Math.min(rowsPerRequest, 500);
            repetitions = Math.min(repetitions, 2);
        }
        ObjectNode figures = EventJson.MAPPER.createObjectNode();
        String load = Files.isReadable(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).trim() : "n/a";
        figures.put("version", source.event().key()).put("cores", Runtime.getRuntime().availableProcessors()).put("loadAverageAtStart", load)
                .put("targetRowsPerSecondInProcess", 100_000).put("tiny", tiny);
        System.out.printf("== tabular serving: %s (%d columns, output width %d), %d cores, load average %s%n", source.event().key(),
                source.event().rows().schema().columns().size(), source.event().rows().encoding().width(), Runtime.getRuntime().availableProcessors(), load);
        figures.set("inProcess", inProcess(source));
        if (!inProcessOnly) figures.set("endToEnd", new TabularEndToEnd(kafkaOptions.connection(), requests, rowsPerRequest, repetitions).measure(source));
        if (json != null) {
            if (json.getParent() != null) Files.createDirectories(json.getParent());
            ObjectNode doc = Files.exists(json) ? (ObjectNode) EventJson.MAPPER.readTree(json.toFile()) : EventJson.MAPPER.createObjectNode();
            doc.set("serving", figures);
            EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), doc);
            System.out.println("figures added to " + json + " (\"serving\")");
        }
        boolean ok = !figures.has("endToEnd") || figures.get("endToEnd").get("wrongRows").asLong() == 0;
        return ok ? 0 : 1;
    }

    private ObjectNode inProcess(PublishedModels.Newest source) throws Exception {
        InferenceDevice device = InferenceDevice.choose("auto");
        var loader = new GeneratorLoader(device.device(), Files.createTempDirectory("tabular-bench"), threads, true);
        LoadedGenerator g = loader.load(source.event(), source.onnx());
        ObjectNode f = EventJson.MAPPER.createObjectNode();
        long warm = tiny ? 200_000_000L : 1_000_000_000L, window = tiny ? 300_000_000L : 2_000_000_000L;
        try {
            RowDecoder decoder = g.rowDecoder();
            int classes = g.numClasses();
            f.put("device", device.device().toString()).put("onnxThreads", threads).put("batch", 512)
                    .put("rowsPerRequest", rowsPerRequest).put("repetitions", repetitions);
            // (1) the model alone, at the dynamic batcher's largest call (512) and a small one
            FixedBatch small = FixedBatch.of(g, 64), large = FixedBatch.of(g, 512);
            f.set("rawModelRowsPerSecondBatch64", stat(() -> rate(64, warm, window, () -> small.generate(g))));
            f.set("rawModelRowsPerSecond", stat(() -> rate(512, warm, window, () -> large.generate(g))));
            // the decoding and the rows-json encoding alone, one thread, on that batch's output: what each row costs beside the model
            float[] values = large.generate(g);
            f.set("decodeOnlyRowsPerSecondOneThread", stat(() -> rate(512, warm, window, () -> ClassCountRows.decode(decoder, values, 0, 512, 7))));
            double[][] rows = ClassCountRows.decode(decoder, values, 0, 512, 7);
            f.set("rowsJsonOnlyRowsPerSecondOneThread", stat(() -> rate(512, warm, window, () -> RowsJson.encode(decoder.schema(), large.labels(), rows))));
            // the latents alone, one thread: the dynamic batcher draws latentSize Gaussians per row from the request's seed
            int latent = g.latentSize();
            f.set("latentsOnlyRowsPerSecondOneThread", stat(() -> rate(512, warm, window, () -> {
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
                float[] z = new float[512 * latent];
                for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
                if (z[0] == 42f) System.out.print(""); // used, so that the draws are not optimised away
            })));
            // (2) model + decoding, as the trainer's evaluation draws rows (one thread decodes after each call)
            int[] counts = new int[classes];
            Arrays.fill(counts, 512 * 8 / classes);
            f.set("decodedRowsPerSecond", stat(() -> rate(counts[0] * classes, warm, window,
                    () -> ClassCountRows.generate(decoder, g.latentSize(), counts, 11, 512, g::generate))));
            // (3) the service's answer path: per-class requests, batched, decoded and encoded into records as the service does
            int perRound = Math.max(classes, (tiny ? 50_000 : 200_000) / rowsPerRequest);
            InProcessFigures.answerPath(g, i -> TabularEndToEnd.rowsRequest("w" + i, g.modelName(), i % classes, rowsPerRequest, (long) i), perRound, 2); // warm-up
            f.set("servedRowsPerSecond", stat(() -> {
                long cpu = cpuNanos();
                double perSecond = InProcessFigures.answerPath(g, i -> TabularEndToEnd.rowsRequest("p" + i, g.modelName(), i % classes, rowsPerRequest, (long) i), perRound, 1);
                return new Rate(perSecond, (cpuNanos() - cpu) / 1e3 / ((double) perRound * rowsPerRequest));
            }));
        } finally {
            g.release();
        }
        System.out.printf("(1) in process, ONNX Runtime alone (%d threads)  batch 64: %s  batch 512: %s rows/s%n", threads,
                show(f.get("rawModelRowsPerSecondBatch64")), show(f.get("rawModelRowsPerSecond")));
        System.out.printf("    one thread, on 512 rows: decoding alone %s rows/s, rows-json encoding alone %s rows/s, latents alone %s rows/s%n",
                show(f.get("decodeOnlyRowsPerSecondOneThread")), show(f.get("rowsJsonOnlyRowsPerSecondOneThread")),
                show(f.get("latentsOnlyRowsPerSecondOneThread")));
        System.out.printf("(2) ONNX Runtime + decoding into typed rows (ClassCountRows, batch 512): %s rows/s%n", show(f.get("decodedRowsPerSecond")));
        System.out.printf("(3) the service's answer path (dynamic batcher, decoding, rows-json records; %d rows per request): %s rows/s  (target >= 100 000)%n",
                rowsPerRequest, show(f.get("servedRowsPerSecond")));
        return f;
    }

    /** Rows/s, and the CPU time this process took per row meanwhile (every thread: ONNX Runtime's, the JIT's, the GC's). */
    private record Rate(double rowsPerSecond, double cpuMicrosPerRow) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** Back-to-back runs of {@code work}, each making {@code rowsPerRun} rows: a warm-up, then one measured window. */
    private static Rate rate(int rowsPerRun, long warmNanos, long windowNanos, Runnable work) {
        for (long end = System.nanoTime() + warmNanos; System.nanoTime() < end; ) work.run();
        long cpu = cpuNanos(), start = System.nanoTime(), runs = 0;
        while (System.nanoTime() - start < windowNanos) {
            work.run();
            runs++;
        }
        double rows = (double) runs * rowsPerRun;
        return new Rate(rows / ((System.nanoTime() - start) / 1e9), (cpuNanos() - cpu) / 1e3 / rows);
    }

    /**
     * The figure measured {@code repetitions} times: rows/s (median, min, max, each) and the CPU per row (median). On a
     * machine whose cores other processes use too, rows/s falls with the share of them this process gets; the CPU per row
     * much less, so {@code rowsPerCpuSecond} (1 / CPU per row) says what the code costs whatever the load.
     */
    private ObjectNode stat(Supplier<Rate> measure) {
        Rate[] v = new Rate[repetitions];
        for (int i = 0; i < v.length; i++) v[i] = measure.get();
        ObjectNode n = EventJson.MAPPER.createObjectNode();
        double[] sorted = Arrays.stream(v).mapToDouble(Rate::rowsPerSecond).sorted().toArray();
        double cpu = Arrays.stream(v).mapToDouble(Rate::cpuMicrosPerRow).sorted().toArray()[v.length / 2];
        n.put("median", Math.round(sorted[sorted.length / 2])).put("min", Math.round(sorted[0])).put("max", Math.round(sorted[sorted.length - 1]));
        ArrayNode each = n.putArray("each");
        for (Rate x : v) each.add(Math.round(x.rowsPerSecond()));
        n.put("cpuMicrosPerRow", Math.round(cpu * 1000) / 1000.0).put("rowsPerCpuSecond", Math.round(1e6 / cpu));
        return n;
    }

    private static String show(com.fasterxml.jackson.databind.JsonNode stat) {
        return String.format("%,d (min %,d, max %,d; %,d per CPU-second)", stat.get("median").asLong(), stat.get("min").asLong(),
                stat.get("max").asLong(), stat.get("rowsPerCpuSecond").asLong());
    }

}
