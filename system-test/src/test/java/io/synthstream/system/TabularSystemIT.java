package io.synthstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.contracts.events.Event;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.testing.KafkaBrokerTestResource;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Tables end to end, from the packaged services on a real broker, through both entry points a client has: the trainer
 * trains a credit-g job sent on the jobs topic and publishes v1; the generator answers per-class row requests sent on
 * Kafka with exactly those rows in rows-json, each row of the class asked and each value of its column's declared kind
 * and categories; the gateway answers the same over HTTP (rows-json when no format is named, as JSON and as RFC 4180
 * CSV), refuses an image format for the tabular version with the reason, and lists the version with its rows figures; a
 * second job, launched through the gateway's training-jobs API, publishes v2, which the generator hot-swaps in while
 * requests keep coming, every one answered exactly once by one version; a request pinned to v2 is answered by v2 and one
 * pinned to v1 by v1 (it stays loaded: synthstream.generator.keep-versions=2); bad tabular requests land on the
 * dead-letter topic with their reason.
 */
class TabularSystemIT {
    static final String MODEL = "system-credit";
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    static final String ADMIN = "dev-admin-key", USER = "dev-user-key";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private int gatewayPort;

    @Test
    void tableJobsPublishVersionsThatServeExactPerClassRowsAcrossAHotSwap() throws Exception {
        Path data = ServiceProcesses.ROOT.resolve("data");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("weka/credit-g.arff")),
                data.resolve("weka/credit-g.arff") + " is absent: run bin/fetch-data weka to include this test (CI does)");
        String bootstrap = KafkaBrokerTestResource.bootstrapServers();
        TopicProvisioner.ensure(bootstrap);
        Path work = Files.createTempDirectory("synthstream-tabular-system");
        try (var services = new ServiceProcesses(); var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer()); var log = new TopicLog(bootstrap)) {
            int trainer = ServiceProcesses.freePort(), generator = ServiceProcesses.freePort();
            var trainerEnv = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "SYNTHSTREAM_DATA_DIR", data.toString(),
                    "SYNTHSTREAM_TRAINER_DIR", work.resolve("trainer").toString(),
                    "DJL_CACHE_DIR", ServiceProcesses.ROOT.resolve(".local/djl-cache").toString(),
                    // 20 GAN steps make rows that do not yet help the rare class, which the tabular gate refuses (a negative
                    // rare-class gain): this test is about training, publishing and serving them, so the gate is off, as in
                    // WholeSystemIT (gate-enabled=false opens the image and the tabular gate)
                    "SYNTHSTREAM_TRAINER_GATE_ENABLED", "false"));
            services.start("tabular-trainer", "trainer-service", trainer, trainerEnv);
            services.start("tabular-generator", "generator-service", generator, Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "GENERATOR_INSTANCE_ID", "system-tabular-g1", "SYNTHSTREAM_GENERATOR_INTRA_OP_THREADS", "1"));
            gatewayPort = ServiceProcesses.freePort();
            services.start("tabular-gateway", "gateway", gatewayPort, Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "GATEWAY_INSTANCE_ID", "system-tabular-gw"));
            services.await("http://127.0.0.1:" + trainer + "/q/health/ready", null, Duration.ofSeconds(120), null);

            // 1. a table job sent on the jobs topic publishes v1, which the generator loads (v2's job goes through the gateway, 3.)
            send(producer, Topics.TRAINING_JOBS, "table-v1", job("table-v1", 1L));
            services.await(gateway("/q/health/ready"), null, Duration.ofSeconds(120), null); // while v1 trains
            assertEquals(1L, awaitJob(log, "table-v1"));
            services.await("http://127.0.0.1:" + generator + "/q/health/ready", MODEL, Duration.ofSeconds(60), null);
            ModelVersionPublished v1 = log.version(MODEL, 1);
            assertNotNull(v1.rows(), "a tabular version carries its schema and encoding");
            RowSchema schema = v1.rows().schema();
            assertEquals(List.of("good", "bad"), schema.classes());
            assertEquals(20, schema.columns().size());

            // 2. per-class row requests: exactly the classes asked, rows-json, values of the declared kinds and categories
            Map<String, Map<Integer, Integer>> asked = new LinkedHashMap<>();
            asked.put("rows-good", Map.of(0, 40));
            asked.put("rows-bad", Map.of(1, 300)); // more than one record (256 rows per record at most)
            asked.put("rows-both", Map.of(0, 7, 1, 13));
            for (var e : asked.entrySet()) request(producer, e.getKey(), null, e.getValue(), 5L, null);
            var answers = log.awaitAnswers(asked.keySet(), Duration.ofSeconds(60));
            for (var e : asked.entrySet()) assertRows(schema, e.getKey(), e.getValue(), answers.get(e.getKey()), 1);

            // 2b. the same through the gateway: the model API lists v1 with its rows figures (the event's own)
            services.await(gateway("/api/v1/models/" + MODEL), "columnSimilarity", Duration.ofSeconds(30), USER);
            assertModelRows(call("GET", "/api/v1/models/" + MODEL, null, USER), v1);
            // a request naming no format gets rows-json: exactly the rows asked, class 0's first, each value of its column's kind
            JsonNode g = call("POST", "/api/v1/generations?wait=10", "{\"model\":\"" + MODEL + "\",\"count\":8,"
                    + "\"classCounts\":{\"1\":5,\"0\":3},\"seed\":3}", USER);
            assertGatewayRows(schema, g, List.of(0, 0, 0, 1, 1, 1, 1, 1), 1);
            // its rows.csv: RFC 4180, a header of the columns then the label column, the same rows, each ending with its class name
            String rowsLink = g.get("links").get("rows").asText();
            assertEquals("/api/v1/generations/" + g.get("id").asText() + "/rows.csv", rowsLink);
            var csv = exchange("GET", rowsLink, null, USER);
            assertEquals(200, csv.statusCode(), csv.body());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
            assertCsvRows(schema, g, csv.body());
            // an image format for the tabular version: a 400 with the generators' reason, never sent
            var png = exchange("POST", "/api/v1/generations?wait=10", "{\"model\":\"" + MODEL + "\",\"count\":3,\"format\":\"png\"}", USER);
            assertEquals(400, png.statusCode(), png.body());
            String detail = json.readTree(png.body()).path("detail").asText();
            assertTrue(detail.contains("format 'png' is an image format, and '" + MODEL + "' v1 is a tabular version: it answers in rows-json"),
                    png.body());

            // 3. a second job, launched through the gateway (the body a client writes: no architecture, a table's is the tabular
            // one), publishes v2 while requests keep coming: each is answered exactly once, by one version
            JsonNode queued = call("POST", "/api/v1/training-jobs", "{\"jobId\":\"table-v2\",\"dataset\":\"weka/credit-g.arff\","
                    + "\"labelColumn\":\"class\",\"modelName\":\"" + MODEL + "\",\"steps\":20,\"batchSize\":100,\"latentSize\":16,"
                    + "\"seed\":2,\"publishEverySteps\":20,\"progressEverySteps\":10}", ADMIN);
            assertEquals("table-v2", queued.path("jobId").asText(), queued.toString());
            assertEquals("queued", queued.path("state").asText(), queued.toString());
            Map<String, Map<Integer, Integer>> during = new LinkedHashMap<>();
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            int afterSwap = -1;
            for (int i = 0; afterSwap < 0 || i < afterSwap + 10; i++) {
                assertTrue(System.nanoTime() < deadline, "v2 was not published and served within " + JOB_TIMEOUT);
                String id = "during-" + i;
                during.put(id, Map.of(i % 2, 10));
                request(producer, id, null, during.get(id), null, null);
                Thread.sleep(150);
                if (afterSwap < 0 && i % 10 == 9 && log.jobEnded("table-v2")
                        && versionOf(log.awaitAnswers(Set.of(id), Duration.ofSeconds(30)).get(id)) == 2) afterSwap = i;
            }
            assertEquals(2L, awaitJob(log, "table-v2"));
            services.await(gateway("/api/v1/training-jobs/table-v2"), "\"state\":\"done\"", Duration.ofSeconds(30), USER);
            JsonNode jobView = call("GET", "/api/v1/training-jobs/table-v2", null, USER);
            assertEquals(2, jobView.path("latest").path("publishedVersion").asInt(), jobView.toString());
            assertEquals("weka/credit-g.arff", jobView.path("request").path("dataset").asText(), jobView.toString());
            var swapAnswers = log.awaitAnswers(during.keySet(), Duration.ofSeconds(60));
            Map<Long, Integer> byVersion = new HashMap<>();
            for (var e : during.entrySet()) {
                var records = swapAnswers.get(e.getKey());
                long version = versionOf(records);
                byVersion.merge(version, 1, Integer::sum);
                assertRows(schema, e.getKey(), e.getValue(), records, version);
            }
            assertTrue(byVersion.getOrDefault(1L, 0) > 0 && byVersion.getOrDefault(2L, 0) > 0, "answered by v1, then by v2: " + byVersion);

            // 4. pinned requests: v2 by v2, v1 by v1 (still loaded)
            request(producer, "pinned-v2", 2L, Map.of(1, 25), 9L, null);
            request(producer, "pinned-v1", 1L, Map.of(1, 25), 9L, null);
            request(producer, "unpinned", null, Map.of(0, 5), 9L, null);
            var pinned = log.awaitAnswers(Set.of("pinned-v2", "pinned-v1", "unpinned"), Duration.ofSeconds(60));
            assertRows(schema, "pinned-v2", Map.of(1, 25), pinned.get("pinned-v2"), 2);
            assertRows(schema, "pinned-v1", Map.of(1, 25), pinned.get("pinned-v1"), 1);
            assertRows(schema, "unpinned", Map.of(0, 5), pinned.get("unpinned"), 2);
            assertFalse(RowsJson.read(pinned.get("pinned-v1").get(0).value()).rows()
                    .equals(RowsJson.read(pinned.get("pinned-v2").get(0).value()).rows()), "v1 and v2 are different generators");
            // the gateway lists both versions, each with its own figures
            ModelVersionPublished v2 = log.version(MODEL, 2);
            JsonNode model = call("GET", "/api/v1/models/" + MODEL, null, USER);
            for (long end = System.nanoTime() + 30_000_000_000L; model.get("versions").size() < 2 && System.nanoTime() < end; Thread.sleep(500)) {
                model = call("GET", "/api/v1/models/" + MODEL, null, USER);
            }
            assertModelRows(model, v1);
            assertModelRows(model, v2);

            // 5. bad tabular requests: dead-lettered with their reason, and the reason told where the client reads answers
            request(producer, "bad-png", null, Map.of(0, 3), 1L, "png");
            request(producer, "bad-class", null, Map.of(2, 3), 1L, null);
            Map<String, String> reasons = log.awaitDeadLetters(Set.of("bad-png", "bad-class"), Duration.ofSeconds(60));
            assertTrue(reasons.get("bad-png").contains("format 'png' is an image format"), reasons.get("bad-png"));
            assertTrue(reasons.get("bad-class").contains("classCounts key 2 is not a class of system-credit (it has 2"), reasons.get("bad-class"));
            var failures = log.awaitAnswers(reasons.keySet(), Duration.ofSeconds(30));
            for (var e : reasons.entrySet()) {
                assertEquals(e.getValue(), FailureRecords.of(failures.get(e.getKey()).get(0)).orElseThrow().reason(), e.getKey());
            }
        }
    }

    String gateway(String path) {
        return "http://127.0.0.1:" + gatewayPort + path;
    }

    HttpResponse<String> exchange(String method, String path, String body, String key) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(gateway(path))).header("X-API-Key", key).header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode call(String method, String path, String body, String key) throws Exception {
        var r = exchange(method, path, body, key);
        assertTrue(r.statusCode() < 300, method + " " + path + " → " + r.statusCode() + " " + r.body());
        return json.readTree(r.body());
    }

    /**
     * A done rows generation as the gateway answers it: from {@code version}, the schema's columns and classes, the label
     * column, one row per label asked in order (index, label, className), each value of its column's kind and categories.
     */
    void assertGatewayRows(RowSchema schema, JsonNode g, List<Integer> labels, long version) throws Exception {
        String id = "gateway generation " + g.path("id").asText();
        assertEquals("done", g.path("status").asText(), g.toString());
        assertEquals("rows-json", g.path("format").asText(), id);
        assertEquals(version, g.path("version").asLong(), id);
        assertEquals(labels.size(), g.path("received").asInt(), id);
        assertEquals(schema.columnNames(), json.convertValue(g.get("columns"), List.class), id);
        assertEquals(schema.classes(), json.convertValue(g.get("classes"), List.class), id);
        assertEquals(schema.labelColumn(), g.path("labelColumn").asText(), id);
        assertFalse(g.has("samples"), id + ": rows, not samples");
        JsonNode rows = g.get("rows");
        assertEquals(labels.size(), rows.size(), id + ": " + g);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals(i, row.path("index").asInt(), id);
            assertEquals(labels.get(i), row.path("label").asInt(), id + ": exactly the rows of the classes asked, in order");
            assertEquals(schema.classes().get(labels.get(i)), row.path("className").asText(), id);
            List<?> values = json.convertValue(row.get("values"), List.class);
            assertEquals(schema.columns().size(), values.size(), id);
            for (int c = 0; c < values.size(); c++) assertValue(schema.columns().get(c), values.get(c), id);
        }
    }

    /** The gateway's rows.csv of generation {@code g}: the header, then g's rows, value for value, each ending with its class name. */
    static void assertCsvRows(RowSchema schema, JsonNode g, String csv) throws Exception {
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
        List<String> header = new ArrayList<>(schema.columnNames());
        header.add(schema.labelColumn());
        assertEquals(1 + g.get("rows").size(), records.size(), csv);
        assertEquals(header, records.get(0).toList());
        for (int i = 0; i < g.get("rows").size(); i++) {
            JsonNode row = g.get("rows").get(i);
            List<String> line = records.get(i + 1).toList();
            assertEquals(header.size(), line.size(), "csv line " + (i + 1) + ": " + line);
            assertEquals(row.get("className").asText(), line.get(header.size() - 1), "csv line " + (i + 1));
            for (int c = 0; c < schema.columns().size(); c++) {
                RowSchema.Column column = schema.columns().get(c);
                JsonNode v = row.get("values").get(c);
                String cell = line.get(c), what = "csv line " + (i + 1) + ", " + column.name() + " = " + cell + " (JSON " + v + ")";
                if (!column.numeric()) {
                    assertEquals(v.asText(), cell, what);
                } else {
                    if (column.integral()) assertTrue(cell.matches("-?[0-9]+"), what + " is not a whole number");
                    assertEquals(v.doubleValue(), Double.parseDouble(cell), 0.0, what);
                }
            }
        }
    }

    /** The gateway's model view lists {@code published} with its rows figures: the event's own, a similarity per column. */
    static void assertModelRows(JsonNode model, ModelVersionPublished published) {
        String what = MODEL + " v" + published.version();
        JsonNode version = StreamSupport.stream(model.get("versions").spliterator(), false)
                .filter(v -> v.path("version").asLong() == published.version()).findFirst()
                .orElseThrow(() -> new AssertionError(what + " is not listed: " + model));
        assertEquals(TrainingJobRequested.ARCH_CONDITIONAL_TABULAR, version.path("architecture").asText(), what);
        JsonNode rows = version.get("rows");
        assertNotNull(rows, what + " has no rows figures: " + version);
        TabularVersion t = published.rows();
        RowSchema schema = t.schema();
        assertEquals(schema.labelColumn(), rows.path("schema").path("labelColumn").asText(), what);
        assertEquals(schema.classes().size(), rows.path("schema").path("classes").size(), what);
        assertEquals(schema.columns().size(), rows.path("schema").path("columns").size(), what);
        assertTrue(rows.path("validationRows").asInt() > 0, what + ": " + rows.path("validationRows"));
        double similarity = rows.path("columnSimilarity").asDouble(-1);
        assertTrue(similarity >= 0 && similarity <= 1, what + ": columnSimilarity " + similarity);
        assertEquals(t.columnSimilarity(), similarity, 1e-9, what + ": the version's own figure");
        assertFalse(rows.has("encoding"), what + ": the encoding is a decoder's, not shown");
        JsonNode distributions = rows.get("columnDistributions");
        assertEquals(schema.columns().size(), distributions.size(), what + ": one distribution per column");
        for (int c = 0; c < schema.columns().size(); c++) {
            RowSchema.Column column = schema.columns().get(c);
            JsonNode d = distributions.get(c);
            String where = what + ", " + column.name();
            assertEquals(column.name(), d.path("column").asText(), where + ": in the schema's order");
            double s = d.path("similarity").asDouble(-1);
            assertTrue(s >= 0 && s <= 1, where + ": similarity " + s);
            int bins = column.numeric() ? d.path("binEdges").size() - 1 : column.categories().size();
            assertTrue(bins >= 1, where + ": " + d);
            if (!column.numeric()) {
                for (int k = 0; k < bins; k++) assertEquals(column.categories().get(k), d.path("categories").get(k).asText(), where);
            }
            for (String side : List.of("real", "synthetic")) {
                assertEquals(bins, d.path(side).size(), where + ": " + side + " has one fraction per bin or category");
                double sum = 0;
                for (JsonNode f : d.path(side)) sum += f.asDouble();
                assertEquals(1, sum, 0.01, where + ": " + side + " fractions sum to 1");
            }
        }
    }

    static TrainingJobRequested job(String id, long seed) {
        // 20 steps of batch 100, published at the end: a couple of seconds of training; the version's figures are measured anyway
        return new TrainingJobRequested(id, "weka/credit-g.arff", TrainingJobRequested.ARCH_CONDITIONAL_TABULAR, MODEL, 20, 100, null, null, 16,
                seed, 20, 10, null, null, null, null, null, null, "class", null, Instant.now());
    }

    static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Event event) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, EventJson.toBytes(event))).get();
    }

    static void request(KafkaProducer<String, byte[]> producer, String id, Long version, Map<Integer, Integer> classCounts, Long seed,
                        String format) throws Exception {
        int count = classCounts.values().stream().mapToInt(Integer::intValue).sum();
        send(producer, Topics.GENERATE_REQUESTS, id, new GenerationRequested(id, MODEL, version, count, null, classCounts, seed, format, null));
    }

    /** The job's published version once it is done; fails on a failed job or a refused candidate. */
    static long awaitJob(TopicLog log, String jobId) {
        List<TrainingProgress> events = log.await(Topics.TRAINING_PROGRESS, JOB_TIMEOUT, "job " + jobId + " to end",
                rs -> rs.stream().anyMatch(r -> ended(r, jobId))).stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventJson.fromBytes(r.value(), TrainingProgress.class)).toList();
        TrainingProgress last = events.get(events.size() - 1);
        assertEquals(TrainingProgress.State.DONE, last.state(), "job " + jobId + ": " + events);
        assertNotNull(last.publishedVersion(), "job " + jobId + " published nothing: " + events);
        return last.publishedVersion();
    }

    static boolean ended(ConsumerRecord<String, byte[]> r, String jobId) {
        if (!jobId.equals(r.key()) || r.value() == null) return false;
        var state = EventJson.fromBytes(r.value(), TrainingProgress.class).state();
        return state == TrainingProgress.State.DONE || state == TrainingProgress.State.FAILED;
    }

    static long versionOf(List<ConsumerRecord<String, byte[]>> records) {
        return Long.parseLong(header(records.get(0), SampleHeaders.VERSION));
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * A request's answer, as a client sees it: records 0..n-1 each once, the last one marked, all from {@code version},
     * exactly the rows asked (class 0's first, then class 1's), each row's values of its column's kind and categories.
     */
    static void assertRows(RowSchema schema, String id, Map<Integer, Integer> classCounts, List<ConsumerRecord<String, byte[]>> records,
                           long version) {
        assertNotNull(records, id + " was not answered");
        List<Integer> expected = new ArrayList<>();
        for (int c = 0; c < schema.classes().size(); c++) for (int k = 0; k < classCounts.getOrDefault(c, 0); k++) expected.add(c);
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            var r = records.get(i);
            assertEquals(Integer.toString(i), header(r, SampleHeaders.BATCH_INDEX), id + ": records in order, each once");
            assertEquals(Long.toString(version), header(r, SampleHeaders.VERSION), id + " answered by one version");
            assertEquals("rows-json", header(r, SampleHeaders.FORMAT), id);
            SampleBatch batch = SampleBatch.of(r);
            assertEquals(i == records.size() - 1, batch.last(), id + ": only the last record is marked last");
            RowsJson.Rows rows = batch.rows();
            assertEquals(schema.columnNames(), rows.columns(), id);
            assertEquals(schema.classes(), rows.classes(), id);
            assertEquals(batch.labels(), rows.labels(), id + ": the header's labels are the payload's");
            assertEquals(rows.labels().size(), rows.rows().size(), id);
            labels.addAll(rows.labels());
            for (List<Object> row : rows.rows()) {
                assertEquals(schema.columns().size(), row.size(), id);
                for (int c = 0; c < row.size(); c++) assertValue(schema.columns().get(c), row.get(c), id);
            }
        }
        assertEquals(expected, labels, id + ": exactly the rows of the classes asked, 100 % of them of their class");
    }

    /** A value of its column's declared kind: one of its categories, a whole number for an integral column, else a finite number. */
    static void assertValue(RowSchema.Column column, Object v, String id) {
        if (!column.numeric()) {
            assertTrue(v instanceof String s && column.categories().contains(s), id + ": " + column.name() + " = " + v);
        } else if (column.integral()) {
            assertTrue(v instanceof Integer || v instanceof Long, id + ": " + column.name() + " = " + v + " is not a whole number");
        } else {
            assertTrue(v instanceof Number n && Double.isFinite(n.doubleValue()), id + ": " + column.name() + " = " + v);
        }
    }

    /** Reads topics from their beginning (read_committed) as a client does; keeps every record read. */
    static final class TopicLog implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new HashMap<>();

        TopicLog(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(Topics.TRAINING_PROGRESS, Topics.MODELS, Topics.GENERATE_SAMPLES, Topics.GENERATE_DLQ)) {
                consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
                byTopic.put(t, new ArrayList<>());
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        void poll() {
            for (var r : consumer.poll(Duration.ofMillis(200))) byTopic.get(r.topic()).add(r);
        }

        List<ConsumerRecord<String, byte[]>> await(String topic, Duration timeout, String what, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                poll();
                if (done.test(byTopic.get(topic))) return byTopic.get(topic);
                if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + " (see target/system-logs/)");
            }
        }

        boolean jobEnded(String jobId) {
            poll();
            return byTopic.get(Topics.TRAINING_PROGRESS).stream().anyMatch(r -> ended(r, jobId));
        }

        ModelVersionPublished version(String model, long version) {
            String key = ModelVersionPublished.key(model, version);
            var r = await(Topics.MODELS, Duration.ofSeconds(30), key, rs -> rs.stream().anyMatch(x -> key.equals(x.key()) && x.value() != null))
                    .stream().filter(x -> key.equals(x.key()) && x.value() != null).findFirst().orElseThrow();
            return EventJson.fromBytes(r.value(), ModelVersionPublished.class);
        }

        /**
         * Each request's records on the samples topic, once it has its last one (or a failure record); fails on a request
         * answered twice (two records of the same index).
         */
        Map<String, List<ConsumerRecord<String, byte[]>>> awaitAnswers(Set<String> ids, Duration timeout) {
            await(Topics.GENERATE_SAMPLES, timeout, "the answers of " + ids, rs -> ids.stream().allMatch(id -> rs.stream()
                    .anyMatch(r -> id.equals(r.key()) && (FailureRecords.of(r).isPresent() || "true".equals(header(r, SampleHeaders.LAST))))));
            Map<String, List<ConsumerRecord<String, byte[]>>> answers = new HashMap<>();
            for (var r : byTopic.get(Topics.GENERATE_SAMPLES)) if (ids.contains(r.key())) answers.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            for (var e : answers.entrySet()) {
                long distinct = e.getValue().stream().map(r -> header(r, SampleHeaders.BATCH_INDEX)).distinct().count();
                assertEquals(distinct, e.getValue().size(), e.getKey() + " answered more than once");
            }
            return answers;
        }

        /** Each request's dead-letter reason; fails on a request dead-lettered twice. */
        Map<String, String> awaitDeadLetters(Set<String> ids, Duration timeout) {
            await(Topics.GENERATE_DLQ, timeout, "the dead letters of " + ids, rs -> ids.stream().allMatch(id -> rs.stream().anyMatch(r -> id.equals(r.key()))));
            Map<String, String> reasons = new HashMap<>();
            for (var r : byTopic.get(Topics.GENERATE_DLQ)) {
                if (ids.contains(r.key())) assertTrue(reasons.put(r.key(), header(r, SampleHeaders.DLQ_REASON)) == null, r.key() + " dead-lettered twice");
            }
            return reasons;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
