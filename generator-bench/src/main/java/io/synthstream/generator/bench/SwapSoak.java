package io.synthstream.generator.bench;

import io.synthstream.generator.tools.PublishedModels;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.InferenceDevice;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.requests.DynamicBatcher;
import io.synthstream.generator.requests.PlannedRequest;
import io.synthstream.generator.samples.SampleRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Whether a generator's memory stays flat while versions are swapped: loads a version again and again as a
 * new version, the way the service does (load, warm up, atomic switch, the version pushed out closed once its
 * batches in flight end), while another thread serves requests through the answer path without pause. Prints
 * the process's resident memory and heap as it goes, and the versions left open at the end. In process, no
 * Kafka: nothing is published (a compacted model topic keeps every version for ever).
 */
@Command(name = "swap-soak", mixinStandardHelpOptions = true,
        description = "Swap a generator version N times under load and print the process's memory as it goes.")
public final class SwapSoak implements Callable<Integer> {
    @Option(names = "--version-dir", description = "A model version as the trainer keeps it (default: the newest published version of --model).")
    Path versionDir;
    @Option(names = "--model", description = "Published model to load (default: the newest one).")
    String model;
    @CommandLine.Mixin
    BenchKafkaOptions kafka = new BenchKafkaOptions();
    @Option(names = "--swaps", defaultValue = "500")
    int swaps;
    @Option(names = "--keep", defaultValue = "2", description = "Versions kept loaded, as synthstream.generator.keep-versions.")
    int keep;
    @Option(names = "--report-every", defaultValue = "50")
    int every;
    private volatile Throwable failure;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(new CommandLine(new SwapSoak()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var source = versionDir != null ? PublishedModels.fromDirectory(versionDir)
                : PublishedModels.newest(kafka.connection(), model);
        InferenceDevice device = InferenceDevice.choose("auto");
        var loader = new GeneratorLoader(device.device(), Files.createTempDirectory("swap-soak"));
        var registry = new ModelRegistry(keep, g -> { });
        String name = source.event().modelName();
        System.out.printf("%s v%d on %s: %d swaps, %d kept, serving 64-sample uint8 requests meanwhile%n",
                name, source.event().version(), device.device(), swaps, keep);
        System.out.printf("%8s %10s %12s %14s %8s%n", "swaps", "RSS MB", "heap MB", "samples", "open");

        List<LoadedGenerator> all = new ArrayList<>();
        AtomicLong served = new AtomicLong();
        Thread serving = new Thread(() -> serve(registry, name, served), "soak-serving");
        serving.setUncaughtExceptionHandler((t, e) -> failure = e);
        List<Double> atSwap = new ArrayList<>(), rssKb = new ArrayList<>();
        try {
            for (int i = 1; i <= swaps; i++) {
                LoadedGenerator g = loader.load(copy(source.event(), i), source.onnx());
                all.add(g);
                registry.add(g);
                if (i == 1) serving.start();
                if (i % every == 0 || i == swaps) {
                    double heap = heapMb(); // first: the collection also gives back heap the process no longer needs
                    long rss = residentKb();
                    if (i > every) { // the first report still carries the start's heap growth: the trend starts after it
                        atSwap.add((double) i);
                        rssKb.add((double) rss);
                    }
                    System.out.printf("%8d %10.1f %12.1f %,14d %8d%n", i, rss / 1024.0, heap, served.get(),
                            all.stream().filter(v -> !v.isClosed()).count());
                }
            }
        } finally {
            serving.interrupt();
            serving.join();
        }
        if (failure != null) throw new IllegalStateException("serving failed during the swaps: " + failure, failure);
        long open = all.stream().filter(v -> !v.isClosed()).count();
        registry.clear();
        double heapAtEnd = heapMb();
        System.out.printf("resident memory trend after swap %d: %+.1f KB per swap (least squares over %d reports; one version's "
                        + "artifact is %d KB); versions open at the end %d (kept: %d); after releasing them all %d%n", every,
                slope(atSwap, rssKb), rssKb.size(), source.onnx().length / 1024, open, keep, all.stream().filter(v -> !v.isClosed()).count());
        // what a pod must hold: with the service's JVM options (the script passes them) this is the figure to size it by
        System.out.printf("resident memory after the soak: %.1f MB (heap %.1f MB used, %d MB max)%n", residentKb() / 1024.0, heapAtEnd,
                Runtime.getRuntime().maxMemory() >> 20);
        return open == Math.min(keep, swaps) ? 0 : 1;
    }

    /** The service's answer path on the live version, without pause, until interrupted. */
    private static void serve(ModelRegistry registry, String model, AtomicLong served) {
        var batcher = new DynamicBatcher(512, 256, n -> { });
        long id = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<PlannedRequest> requests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                var lease = registry.lease(model, null).orElseThrow(() -> new IllegalStateException("no live version of " + model));
                var r = new GenerationRequested("soak-" + id, model, null, 64, null, null, id++, SampleFormat.UINT8.wireName(), null);
                requests.add(new PlannedRequest(r, lease, r.resolveLabels(lease.generator().numClasses()), i, "t", 0, 0));
            }
            try {
                batcher.run(requests, SampleRecords::samples, (slice, record) -> served.addAndGet(slice.to() - slice.from()));
            } finally {
                requests.forEach(PlannedRequest::close);
            }
        }
    }

    /** Least-squares slope of y over x (0 with fewer than two points). */
    static double slope(List<Double> x, List<Double> y) {
        int n = x.size();
        if (n < 2) return 0;
        double mx = x.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double my = y.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x.get(i) - mx) * (y.get(i) - my);
            sxx += (x.get(i) - mx) * (x.get(i) - mx);
        }
        return sxy / sxx;
    }

    private static ModelVersionPublished copy(ModelVersionPublished e, long version) {
        return new ModelVersionPublished(e.modelName(), version, e.artifact(), e.preview(), e.contract(), e.metrics(), e.trainingJobId(),
                e.dataset(), e.architecture(), e.createdAt());
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    private static double heapMb() {
        System.gc(); // what is still reachable, not what the collector has yet to reclaim
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
    }
}
