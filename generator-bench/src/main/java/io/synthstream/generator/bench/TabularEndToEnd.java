package io.synthstream.generator.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.tools.PublishedModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link TabularServingBench}'s figure (4): bursts of per-class row requests answered through a real broker by the running
 * generator service(s), on a bench copy of the version ({@link BenchCopies}); only rows read back (read_committed) and
 * checked ({@link TabularRowsCheck}) count.
 */
final class TabularEndToEnd {
    private final KafkaConnection kafka;
    private final int requests;
    private final int rowsPerRequest;
    private final int repetitions;

    TabularEndToEnd(KafkaConnection kafka, int requests, int rowsPerRequest, int repetitions) {
        this.kafka = kafka;
        this.requests = requests;
        this.rowsPerRequest = rowsPerRequest;
        this.repetitions = repetitions;
    }

    /** One request for {@code rows} rows of one class, as rows-json. */
    static GenerationRequested rowsRequest(String id, String model, int label, int rows, Long seed) {
        return new GenerationRequested(id, model, null, rows, null, Map.of(label, rows), seed, SampleFormat.ROWS_JSON.wireName(), null);
    }

    ObjectNode measure(PublishedModels.Newest source) throws Exception {
        int classes = source.event().contract().numClasses();
        var check = new TabularRowsCheck(source.event().rows().schema());
        ObjectNode f = EventJson.MAPPER.createObjectNode();
        try (var copies = new BenchCopies(kafka, source); var producer = requestProducer(kafka); var reader = new AnswerReader(kafka, check::check)) {
            String model = copies.model();
            long version = copies.publishNext();
            awaitVersion(producer, reader, model, version);
            burst(producer, reader, check, model, classes, Math.max(classes, requests / 3)); // warm-up, not counted
            List<Double> rates = new ArrayList<>();
            long rows = 0;
            for (int rep = 0; rep < repetitions; rep++) {
                double[] r = burst(producer, reader, check, model, classes, requests);
                rates.add(r[0]);
                rows += (long) r[1];
            }
            double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long bench = reader.duplicated.stream().filter(check.classOf::containsKey).count();
            f.put("rowsPerSecond", Math.round(sorted[sorted.length / 2])).put("min", Math.round(sorted[0])).put("max", Math.round(sorted[sorted.length - 1]));
            ArrayNode each = f.putArray("each");
            rates.forEach(x -> each.add(Math.round(x)));
            f.put("requestsPerRepetition", requests).put("rowsPerRequest", rowsPerRequest).put("repetitions", repetitions)
                    .put("rowsReceivedAndChecked", rows).put("wrongRows", check.wrongRows.get()).put("duplicatedAnswers", bench)
                    .put("topic", Topics.GENERATE_SAMPLES).put("model", model);
            System.out.printf("(4) end to end through Kafka (per-class requests of %d rows, rows-json, read_committed, every row checked): "
                    + "%,d rows/s (min %,d, max %,d); %,d rows read, %d wrong, %d answers duplicated%n", rowsPerRequest, Math.round(sorted[sorted.length / 2]),
                    Math.round(sorted[0]), Math.round(sorted[sorted.length - 1]), rows, check.wrongRows.get(), bench);
            check.problems.forEach(p -> System.out.println("    wrong: " + p));
            if (bench > 0) throw new IllegalStateException(bench + " requests were answered more than once");
        }
        return f;
    }

    /** Sends {@code count} per-class requests at once; returns rows/s (rows read back and checked over the time to the last answer) and the rows. */
    private double[] burst(KafkaProducer<String, byte[]> producer, AnswerReader reader, TabularRowsCheck check, String model, int classes, int count)
            throws InterruptedException {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = "tab-" + UUID.randomUUID();
            check.classOf.put(id, i % classes); // classes take turns
            ids.add(id);
        }
        long start = System.nanoTime();
        for (String id : ids) {
            producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, id, EventJson.toBytes(rowsRequest(id, model, check.classOf.get(id), rowsPerRequest, null))));
        }
        producer.flush();
        int missing = reader.await(ids, Duration.ofMinutes(5));
        if (missing > 0) throw new IllegalStateException(missing + " of " + ids.size() + " requests unanswered after 5 min");
        long dead = ids.stream().filter(reader.deadLettered::contains).count();
        if (dead > 0) throw new IllegalStateException(dead + " requests dead-lettered");
        long end = ids.stream().mapToLong(id -> reader.completedAt.get(id)).max().orElseThrow();
        long rows = 0;
        for (String id : ids) {
            long got = check.rowsOf.getOrDefault(id, 0L);
            if (got != rowsPerRequest) throw new IllegalStateException(id + " got " + got + " rows, asked " + rowsPerRequest);
            rows += got;
        }
        return new double[] {rows / ((end - start) / 1e9), rows};
    }

    /** Until a request is answered by that version of the copy (a generator loads it, then swaps it in). */
    private void awaitVersion(KafkaProducer<String, byte[]> producer, AnswerReader reader, String model, long version) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String id = "tab-warm-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, id, EventJson.toBytes(rowsRequest(id, model, 0, rowsPerRequest, null))));
            producer.flush();
            reader.await(List.of(id), Duration.ofSeconds(10));
            if (Long.valueOf(version).equals(reader.versionOf.get(id))) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException(model + " v" + version + " never answered within 120 s: is a generator running (./synthstream status)?");
    }

    private static KafkaProducer<String, byte[]> requestProducer(KafkaConnection kafka) {
        return new KafkaProducer<>(kafka.clientConfig(Map.of(ProducerConfig.LINGER_MS_CONFIG, 1)), new StringSerializer(), new ByteArraySerializer());
    }
}
