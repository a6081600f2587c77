package io.synthstream.generator.bench;

import io.synthstream.generator.tools.PublishedModels;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.samples.SampleFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the generator figures of one run: (1) in-process ONNX Runtime samples/s at batch 1/64/256,
 * (2) end-to-end samples/s through Kafka and the running service, (3) request→last-sample latency at
 * half of (2), (4) the swap gap, and the ratio of (2) to the lesser of (1) and (5), Kafka's own
 * ceiling, which the caller measures with ProducerPerformance and passes in. Needs the system up
 * (./synthstream up) with a published model; it serves a copy of that model as "bench-<model>", a name listings hide,
 * retired when the bench ends ({@link BenchCopies}).
 */
@Command(name = "generator-bench", mixinStandardHelpOptions = true, description = "Measure the generator on this machine.")
public final class GeneratorBench implements Callable<Integer> {
    @CommandLine.Mixin
    BenchKafkaOptions kafkaOptions = new BenchKafkaOptions();
    private KafkaConnection kafka;
    @Option(names = "--model", description = "Published model to copy (default: the newest one).")
    String model;
    @Option(names = "--version-dir", description = "Bench this model version directory (version.json, model.onnx) instead of a published model.")
    java.nio.file.Path versionDir;
    @Option(names = "--samples-per-request", defaultValue = "64")
    int perRequest;
    @Option(names = "--requests", defaultValue = "3000", description = "Requests per throughput run.")
    int requests;
    @Option(names = "--seconds", defaultValue = "10", description = "Length of the latency run.")
    int seconds;
    @Option(names = "--rate", description = "Offered load of the latency run, requests/s (default: half of (2) uint8).")
    Double rate;
    @Option(names = "--probe", description = "Only send N requests one after another and print each latency.")
    Integer probe;
    @Option(names = "--kafka-ceiling-uint8", description = "(5) samples/s ProducerPerformance reached with uint8-sized records.")
    Double kafkaUint8;
    @Option(names = "--kafka-ceiling-float32", description = "(5) samples/s ProducerPerformance reached with float32-sized records.")
    Double kafkaFloat32;
    @Option(names = "--cpu-of", paramLabel = "NAME=PID",
            description = "A process on this machine (broker, generator replica) whose CPU time during (2) and (3) to report; repeatable.")
    List<String> cpuOf = new ArrayList<>();
    @Option(names = "--request-linger-ms", defaultValue = "1",
            description = "linger.ms of the producer that sends the requests (the latency is counted from its send call).")
    int requestLingerMs;
    @Option(names = "--in-process-only", description = "Only measure (1) and the answer path in this process, print them and stop.")
    boolean inProcessOnly;
    @Option(names = "--in-process", paramLabel = "B1,B64,B256,UINT8,FLOAT32",
            description = "(1) at batch 1, 64, 256 and the answer path (uint8, float32) in samples/s, measured by a run with --in-process-only.")
    String inProcessFigures;
    private ProcessCpu cpu;
    private final Map<SampleFormat, String> cpuDuring = new java.util.EnumMap<>(SampleFormat.class);

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(new CommandLine(new GeneratorBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        kafka = kafkaOptions.connection();
        cpu = new ProcessCpu(cpuOf);
        var source = versionDir != null ? PublishedModels.fromDirectory(versionDir) : PublishedModels.newest(kafka, model);
        System.out.printf("model %s v%d (%d bytes), %d cores%n", source.event().modelName(), source.event().version(),
                source.onnx().length, Runtime.getRuntime().availableProcessors());

        if (inProcessOnly) {
            var measured = InProcessFigures.measure(source, perRequest);
            measured.print();
            System.out.println(InProcessFigures.LINE + measured.line());
            return 0;
        }
        // a probe prints latencies only: nothing measured in process for it
        InProcessFigures inProcess = inProcessFigures != null ? InProcessFigures.parse(inProcessFigures)
                : probe == null ? InProcessFigures.measure(source, perRequest) : null;
        try (var copies = new BenchCopies(kafka, source); var producer = requestProducer(); var reader = new AnswerReader(kafka)) {
            String benchModel = copies.model();
            long version = copies.publishNext();
            if (reader.await(List.of(send(producer, benchModel, SampleFormat.UINT8, "warm-" + UUID.randomUUID())), Duration.ofSeconds(120)) > 0) {
                throw new IllegalStateException("the generator service did not answer within 120 s: is it running (./synthstream status)?");
            }
            waitForVersion(producer, reader, benchModel, version);
            if (probe != null) {
                for (int i = 0; i < probe; i++) {
                    long t = System.nanoTime();
                    String id = send(producer, benchModel, SampleFormat.UINT8, "probe-" + UUID.randomUUID());
                    producer.flush();
                    reader.await(List.of(id), Duration.ofSeconds(30));
                    System.out.printf("probe %d: %.1f ms%n", i, (reader.completedAt.get(id) - t) / 1e6);
                }
                return 0;
            }
            // not counted: a burst of each format first, so that (2) measures JIT-compiled code in the service, the
            // broker and this reader, as a service that has run for a while would run it
            burst(producer, reader, benchModel, SampleFormat.UINT8, requests / 3);
            burst(producer, reader, benchModel, SampleFormat.FLOAT32, requests / 3);
            double uint8 = burst(producer, reader, benchModel, SampleFormat.UINT8, requests);
            double float32 = burst(producer, reader, benchModel, SampleFormat.FLOAT32, requests);
            double rate = this.rate != null ? this.rate : uint8 / 2 / perRequest;
            flushPageCache();
            // not counted: the bursts leave the broker a backlog (page-cache writeback, retention) that a steady load of
            // this rate would not have; 5 s at the offered load first, as load tests usually warm up
            steady(producer, reader, benchModel, rate, 5, null);
            var cpuBefore = cpu.snapshot();
            long steadyStart = System.nanoTime();
            Histogram[] latency = steady(producer, reader, benchModel, rate, seconds, null);
            String steadyCpu = ProcessCpu.report(cpuBefore, cpu.snapshot(), System.nanoTime() - steadyStart, (long) (rate * seconds) * perRequest);
            long[] swap = new long[2];
            steady(producer, reader, benchModel, rate, 6, () -> {
                long t0 = System.nanoTime();
                swap[1] = copies.publishNext();
                swap[0] = t0;
            });
            Long firstNew = reader.firstSeenOfVersion.get(swap[1]);
            long failed = reader.deadLettered.stream().filter(id -> id.startsWith("bench-")).count();

            System.out.println();
            System.out.println("== generator bench (" + perRequest + " samples per request)");
            inProcess.print();
            System.out.printf("(2) end to end through Kafka  uint8: %,.0f  float32: %,.0f samples/s%n", uint8, float32);
            for (SampleFormat format : List.of(SampleFormat.UINT8, SampleFormat.FLOAT32)) System.out.printf("    CPU during (2) %s: %s%n", format, cpuDuring.get(format));
            System.out.printf("(3) latency at %.0f req/s (%s)   p50 %.1f ms  p99 %.1f ms  max %.1f ms%n", rate,
                    this.rate != null ? "--rate" : "half of (2) uint8", latency[0].getValueAtPercentile(50) / 1000.0, latency[0].getValueAtPercentile(99) / 1000.0, latency[0].getMaxValue() / 1000.0);
            System.out.printf("    of which request written → last answer sent  p50 %d ms  p99 %d ms;  answer sent → read (commit, read_committed)  p50 %d ms  p99 %d ms%n",
                    latency[1].getValueAtPercentile(50), latency[1].getValueAtPercentile(99), latency[2].getValueAtPercentile(50),
                    latency[2].getValueAtPercentile(99));
            System.out.printf("    CPU meanwhile: %s%n", steadyCpu);
            System.out.printf("(4) swap gap %s, failed requests %d%n",
                    firstNew == null ? "n/a (new version never answered)" : String.format("%.0f ms", (firstNew - swap[0]) / 1e6), failed);
            if (kafkaUint8 != null && kafkaFloat32 != null) {
                System.out.printf("(5) Kafka ceiling (ProducerPerformance)  uint8: %,.0f  float32: %,.0f samples/s%n", kafkaUint8, kafkaFloat32);
                System.out.printf("ratio (2)/min((1),(5))  uint8: %.2f  float32: %.2f   (target >= 0.8)%n",
                        uint8 / Math.min(inProcess.batch256(), kafkaUint8), float32 / Math.min(inProcess.batch256(), kafkaFloat32));
            }
        }
        return 0;
    }

    /**
     * The bursts leave about a GB of the broker's writes in the page cache, which Linux writes back ~30 s later
     * (dirty_expire_centisecs): in the middle of (3), on the same cores, unless written now. Where the broker runs
     * elsewhere this flushes nothing of its.
     */
    private static void flushPageCache() throws InterruptedException {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (java.io.IOException noSync) {
            // not a Unix system: nothing to flush
        }
    }

    private void waitForVersion(KafkaProducer<String, byte[]> producer, AnswerReader reader, String benchModel, long version)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String id = send(producer, benchModel, SampleFormat.UINT8, "warm-" + UUID.randomUUID());
            reader.await(List.of(id), Duration.ofSeconds(10));
            if (Long.valueOf(version).equals(reader.versionOf.get(id))) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException(benchModel + " v" + version + " never went live");
    }

    private double burst(KafkaProducer<String, byte[]> producer, AnswerReader reader, String benchModel, SampleFormat format, int count)
            throws Exception {
        List<String> ids = new ArrayList<>(count);
        var cpuBefore = cpu.snapshot();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) ids.add(send(producer, benchModel, format, "bench-" + format + "-" + UUID.randomUUID()));
        producer.flush();
        int missing = reader.await(ids, Duration.ofMinutes(5));
        if (missing > 0) throw new IllegalStateException(missing + " requests unanswered after 5 min");
        cpuDuring.put(format, ProcessCpu.report(cpuBefore, cpu.snapshot(), System.nanoTime() - start, (long) count * perRequest));
        long end = ids.stream().mapToLong(id -> reader.completedAt.getOrDefault(id, 0L)).max().orElseThrow();
        return (double) count * perRequest / ((end - start) / 1e9);
    }

    /**
     * Sends requests at a fixed rate for the given time; returns request→last-sample latencies (µs), and
     * split in two (ms, wall clock): request written → its last answer record sent by the generator, and
     * that record sent → seen by a read_committed reader.
     */
    private Histogram[] steady(KafkaProducer<String, byte[]> producer, AnswerReader reader, String benchModel, double perSecond, int secs,
                             Runnable atOneThird) throws Exception {
        Histogram h = new Histogram(60_000_000L, 3), toSent = new Histogram(60_000L, 3), toRead = new Histogram(60_000L, 3);
        var load = new SteadyLoad(perSecond, secs);
        Map<String, SteadyLoad.Sent> sent = load.run("bench-steady-", id -> send(producer, benchModel, SampleFormat.UINT8, id),
                atOneThird != null ? load.requests() / 3 : -1, atOneThird);
        producer.flush();
        reader.await(new ArrayList<>(sent.keySet()), Duration.ofSeconds(60));
        sent.forEach((id, t) -> {
            Long done = reader.completedAt.get(id);
            if (done != null) h.recordValue(Math.max(1, (done - t.nanos()) / 1000));
            long[] times = reader.lastRecordTimes.get(id);
            if (times != null) {
                toSent.recordValue(Math.max(0, times[0] - t.wallMillis()));
                toRead.recordValue(Math.max(0, times[1] - times[0]));
            }
        });
        return new Histogram[] {h, toSent, toRead};
    }

    private String send(KafkaProducer<String, byte[]> producer, String benchModel, SampleFormat format, String id) {
        var r = new GenerationRequested(id, benchModel, null, perRequest, null, null, null, format.wireName(), null);
        producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, id, EventJson.toBytes(r)));
        return id;
    }

    private KafkaProducer<String, byte[]> requestProducer() {
        return new KafkaProducer<>(kafka.clientConfig(Map.of(ProducerConfig.LINGER_MS_CONFIG, requestLingerMs)), new StringSerializer(), new ByteArraySerializer());
    }
}
