package io.synthstream.generator.bench;

import io.synthstream.generator.tools.PublishedModels;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.samples.SampleFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One failover phase under a steady load: requests at a fixed rate for a while, a disruption (a shell command: kill -9
 * or SIGTERM of a replica, a broker restart) part-way through, then every answer awaited. Prints and records the
 * delay the disruption caused to the requests it met — those sent from a second before it to the end of the load —
 * against the latency before it, and counts lost and duplicated answers (exactly once: both must be 0).
 * {@code ./synthstream bench-failover} runs the phases and brings back what each one stopped.
 */
@Command(name = "bench-failover", mixinStandardHelpOptions = true,
        description = "Answer delays, lost and duplicated answers when a replica or the broker goes away under load.")
public final class FailoverBench implements Callable<Integer> {
    @Mixin
    BenchKafkaOptions kafkaOptions = new BenchKafkaOptions();
    @Option(names = "--phase", required = true, description = "Name of this phase in the figures (e.g. kill-9).")
    String phase;
    @Option(names = "--disrupt", required = true, description = "Shell command run part-way through the load.")
    String disrupt;
    @Option(names = "--model", description = "Published model to request (default: the newest one).")
    String model;
    @Option(names = "--rate", defaultValue = "100", description = "Requests per second.")
    double rate;
    @Option(names = "--seconds", defaultValue = "15", description = "Length of the load.")
    int seconds;
    @Option(names = "--disrupt-after", defaultValue = "5", description = "Seconds of load before the disruption.")
    int disruptAfter;
    @Option(names = "--samples-per-request", defaultValue = "64")
    int perRequest;
    @Option(names = "--answer-wait", defaultValue = "120", description = "Seconds to wait for the last answers after the load.")
    int answerWait;
    @Option(names = "--out", description = "JSON file the phase's figures are added to.")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FailoverBench()).execute(args));
    }

    /** A request's send time and when its answer was complete (System.nanoTime), null while unanswered. */
    record Timing(long sentNanos, Long answeredNanos) {
    }

    /** What one phase measured (milliseconds). */
    record Figures(String phase, double rate, int sent, int answered, int refused, int lost, int duplicated,
                   double baselineP50Ms, double baselineP99Ms, int affected, double affectedP99Ms, double affectedMaxMs,
                   double lastAffectedAnswerAfterMs, double disruptionMs) {
        /** Requests sent from one second before the disruption on met it; those sent earlier are the baseline. */
        static Figures of(String phase, double rate, Map<String, Timing> timings, long disruptedNanos, long disruptionEndNanos, int refused,
                          int duplicated) {
            Histogram before = new Histogram(3_600_000_000L, 3), after = new Histogram(3_600_000_000L, 3);
            int answered = 0, lost = 0, affected = 0;
            long lastAnswer = disruptedNanos;
            for (Timing t : timings.values()) {
                if (t.answeredNanos() == null) {
                    lost++;
                    continue;
                }
                answered++;
                long micros = Math.max(1, (t.answeredNanos() - t.sentNanos()) / 1000);
                if (t.sentNanos() < disruptedNanos - 1_000_000_000L) {
                    before.recordValue(micros);
                } else {
                    after.recordValue(micros);
                    affected++;
                    lastAnswer = Math.max(lastAnswer, t.answeredNanos());
                }
            }
            return new Figures(phase, rate, timings.size(), answered, refused, lost - refused, duplicated,
                    before.getValueAtPercentile(50) / 1000.0, before.getValueAtPercentile(99) / 1000.0, affected,
                    after.getValueAtPercentile(99) / 1000.0, after.getMaxValue() / 1000.0, (lastAnswer - disruptedNanos) / 1e6,
                    (disruptionEndNanos - disruptedNanos) / 1e6);
        }

        String line() {
            return String.format("%-8s %,6d requests at %.0f/s: before p50 %.0f ms p99 %.0f ms | after the disruption (%,d requests): p99 %,.0f ms,"
                            + " max %,.0f ms, last answered %.1f s after it (the command took %.1f s) | lost %d, duplicated %d, refused %d",
                    phase, sent, rate, baselineP50Ms, baselineP99Ms, affected, affectedP99Ms, affectedMaxMs, lastAffectedAnswerAfterMs / 1000,
                    disruptionMs / 1000, lost, duplicated, refused);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (disruptAfter < 1 || disruptAfter >= seconds) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--disrupt-after must be within the load: 1 to " + (seconds - 1) + " s");
        }
        var kafka = kafkaOptions.connection();
        String modelName = PublishedModels.newest(kafka, model).event().modelName();
        Map<String, Timing> timings = new LinkedHashMap<>();
        var disruption = new Disruption();
        try (var producer = new KafkaProducer<>(kafka.clientConfig(Map.of(ProducerConfig.LINGER_MS_CONFIG, 1,
                // the broker restart must not fail a send: the producer waits for it (its default is 2 minutes)
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000)), new StringSerializer(), new ByteArraySerializer());
             var reader = new AnswerReader(kafka)) {
            String warm = send(producer, modelName, "failover-warm-" + UUID.randomUUID());
            producer.flush();
            if (reader.await(List.of(warm), Duration.ofSeconds(60)) > 0) {
                throw new IllegalStateException("no answer within 60 s before the disruption: are both generators ready (./synthstream status)?");
            }
            long disruptIndex = (long) (rate * disruptAfter);
            Map<String, SteadyLoad.Sent> sent = new SteadyLoad(rate, seconds).run("failover-" + phase + "-", id -> send(producer, modelName, id),
                    disruptIndex, () -> disruption.start(disruptIndex));
            producer.flush();
            int exit = disruption.process.waitFor();
            if (exit != 0) System.out.printf("%s: the disruption command exited with %d%n", phase, exit);
            int missing = reader.await(new ArrayList<>(sent.keySet()), Duration.ofSeconds(answerWait));
            if (missing > 0) System.out.printf("%s: %d requests unanswered after %d s%n", phase, missing, answerWait);
            Thread.sleep(2000); // answers read twice would come right after the first
            sent.forEach((id, t) -> timings.put(id, new Timing(t.nanos(), reader.completedAt.get(id))));
            int refused = (int) sent.keySet().stream().filter(reader.deadLettered::contains).count();
            int duplicated = (int) sent.keySet().stream().filter(reader.duplicated::contains).count();
            Figures f = Figures.of(phase, rate, timings, disruption.startedNanos, disruption.ended.join(), refused, duplicated);
            System.out.println(f.line());
            if (out != null) record(out, f);
            return f.lost() == 0 && f.duplicated() == 0 ? 0 : 1;
        }
    }

    /** The disruption command, started in the background part-way through the load: a broker restart takes seconds, and the load goes on meanwhile. */
    private final class Disruption {
        long startedNanos;
        Process process;
        CompletableFuture<Long> ended;

        void start(long afterRequests) {
            startedNanos = System.nanoTime();
            System.out.printf("%s: %s (after %d requests)%n", phase, disrupt, afterRequests);
            try {
                process = new ProcessBuilder("bash", "-c", disrupt).inheritIO().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run the disruption command", e);
            }
            ended = process.onExit().thenApply(p -> System.nanoTime());
        }
    }

    private String send(KafkaProducer<String, byte[]> producer, String modelName, String id) {
        var r = new GenerationRequested(id, modelName, null, perRequest, null, null, null, SampleFormat.UINT8.wireName(), null);
        producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, id, EventJson.toBytes(r)));
        return id;
    }

    /** Adds the phase to the file's figures (one object per phase, with when it ran), replacing an earlier run's. */
    private static void record(Path file, Figures f) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode all = Files.exists(file) ? (ObjectNode) json.readTree(file.toFile()) : json.createObjectNode();
        ObjectNode phase = json.valueToTree(f);
        phase.put("measuredAt", Instant.now().toString());
        all.set(f.phase(), phase);
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        json.writeValue(file.toFile(), all);
    }
}
