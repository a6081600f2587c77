package io.synthstream.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The gateway over HTTP, on a real broker, with the real generator service (a separate process) behind it. */
@QuarkusTest
@org.junit.jupiter.api.Order(1)
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(GeneratorProcessResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayApiTest {
    static final String USER = "dev-user-key", ADMIN = "dev-admin-key";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "test.generator.url")
    String generatorUrl;

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(200);
        }
    }

    static io.restassured.specification.RequestSpecification as(String key) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON);
    }

    Response generate(Map<String, Object> body, String wait) {
        var spec = as(USER).body(body);
        if (wait != null) spec = spec.queryParam("wait", wait);
        return spec.post("/api/v1/generations");
    }

    void publishAndAwait(TestModelPublisher pub, long version, float offset) throws Exception {
        pub.publish("gw-model", version, offset);
        await("gw-model v" + version + " in the catalog", () -> as(USER).get("/api/v1/models/gw-model").statusCode() == 200
                && as(USER).get("/api/v1/models/gw-model").jsonPath().getList("versions").size() == version);
        await("the generator to serve v" + version, () -> given().get(generatorUrl + "/q/health/ready").asString()
                .contains("gw-model=[" + (version == 1 ? "1" : (version - 1) + ", " + version) + "]"));
    }

    @Test
    @Order(1)
    void beforeAnyModelIsPublishedGenerationsAre503() {
        generate(Map.of("model", "gw-model", "count", 4), null).then().statusCode(503)
                .contentType("application/problem+json").body("title", equalTo("No model live"));
    }

    @Test
    @Order(2)
    void apiKeysAndRolesAreEnforced() {
        given().get("/api/v1/models").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("X-API-Key"));
        given().header("X-API-Key", "nope").get("/api/v1/models").then().statusCode(401).body("detail", equalTo("unknown API key"));
        as(USER).body(Map.of("dataset", "mnist")).post("/api/v1/training-jobs").then().statusCode(403)
                .contentType("application/problem+json");
        as(USER).post("/api/v1/models/x/rollback").then().statusCode(403);
    }

    @Test
    @Order(3)
    void generateWaitAsyncPngAndServerSentEvents() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            publishAndAwait(pub, 1, 0f);
        }
        // ?wait: the samples inline
        var done = generate(Map.of("model", "gw-model", "count", 12, "seed", 5), "20").then().statusCode(200)
                .body("status", equalTo("done")).body("version", equalTo(1)).body("samples", hasSize(12)).extract().jsonPath();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1), done.getList("samples.label"));
        byte[] png = Base64.getDecoder().decode(done.getString("samples[0].data"));
        assertEquals(28, ImageIO.read(new ByteArrayInputStream(png)).getWidth());

        // async: 202, then status, then the grid
        String id = generate(Map.of("model", "gw-model", "count", 40, "format", "uint8"), null).then().statusCode(202)
                .body("status", equalTo("pending")).body("links.grid", startsWith("/api/v1/generations/")).extract().path("id");
        await("generation " + id, () -> "done".equals(as(USER).get("/api/v1/generations/" + id).path("status")));
        as(USER).get("/api/v1/generations/" + id).then().body("received", equalTo(40)).body("format", equalTo("uint8"));
        byte[] grid = as(USER).get("/api/v1/generations/" + id + "/grid.png").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        var image = ImageIO.read(new ByteArrayInputStream(grid));
        assertEquals(10 * 58 + 2, image.getWidth());
        assertEquals(4 * 58 + 2, image.getHeight());

        // SSE: one event per answer record (16 samples per record here), the last one says so
        String sse = as(USER).accept("text/event-stream").get("/api/v1/generations/" + id + "/events").then().statusCode(200)
                .extract().asString();
        List<String> events = sse.lines().filter(l -> l.startsWith("data:")).toList();
        assertEquals(3, events.size(), sse);
        assertTrue(events.get(2).contains("\"last\":true"), events.get(2));
    }

    @Test
    @Order(4)
    void everyErrorIsAProblemWithTheRightStatus() {
        as(USER).body("{not json").post("/api/v1/generations").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON for this call: at line 1, column 2"));
        // JSON, but not what the call takes: the problem names the field
        as(USER).body("{\"model\":\"gw-model\",\"count\":2,\"seed\":\"abc\"}").post("/api/v1/generations").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("at /seed: Cannot deserialize"));
        as(USER).body("{\"model\":\"gw-model\",\"count\":99999999999}").post("/api/v1/generations").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("at /count: "));
        as(USER).body("{\"model\":\"gw-model\",\"count\":2,\"labels\":[1,\"x\"]}").post("/api/v1/generations").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("at /labels/1: "));
        as(ADMIN).body("{\"dataset\":\"mnist\",\"steps\":\"many\"}").post("/api/v1/training-jobs").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("at /steps: "));
        as(USER).body(Map.of("model", "gw-model", "count", 2)).post("/api/v1/generations?wait=abc").then().statusCode(400)
                .body("detail", containsString("wait is a number of seconds"));
        as(USER).body(Map.of("model", "gw-model", "count", 2)).post("/api/v1/generations?wait=-1").then().statusCode(400);
        given().header("X-API-Key", USER).contentType("text/plain").body("{}").post("/api/v1/generations").then().statusCode(415)
                .contentType("application/problem+json").body("detail", containsString("Content-Type: application/json"));
        generate(Map.of("model", "gw-model", "count", 0), null).then().statusCode(400)
                .body("detail", containsString("count must be in"));
        generate(Map.of("model", "gw-model", "count", 2, "labels", List.of(1, 99)), null).then().statusCode(400)
                .body("detail", containsString("label 99"));
        generate(Map.of("model", "nope", "count", 2), null).then().statusCode(404).body("detail", containsString("unknown model 'nope'"));
        generate(Map.of("model", "gw-model", "version", 77, "count", 2), null).then().statusCode(404);
        generate(Map.of("model", "gw-model", "count", 20000), null).then().statusCode(413).body("title", equalTo("Too many samples"));
        // what a restarted gateway answers for a generation it accepted before: the reason, not a bare "not found"
        as(USER).get("/api/v1/generations/does-not-exist").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("generations live only in the memory of the gateway that accepted them"))
                .body("detail", containsString("gone once it restarts"));
        as(USER).get("/api/v1/models/nope").then().statusCode(404);
    }

    @Test
    @Order(5)
    void rollbackAndPromoteSwitchTheServedVersion() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            publishAndAwait(pub, 2, 0.5f);
        }
        as(USER).get("/api/v1/models/gw-model").then().body("liveVersion", equalTo(2))
                .body("versions[1].metrics.labelFidelity", equalTo(0.9f)).body("versions[1].precision", equalTo("float32"));
        assertEquals(2, (int) generate(Map.of("model", "gw-model", "count", 2), "20").path("version"));

        as(ADMIN).post("/api/v1/models/gw-model/rollback").then().statusCode(200).body("liveVersion", equalTo(1));
        await("the generators to serve v1 again", () -> Integer.valueOf(1).equals(generate(Map.of("model", "gw-model", "count", 1), "20").path("version")));

        as(ADMIN).body(Map.of()).post("/api/v1/models/gw-model/promote").then().statusCode(200).body("liveVersion", equalTo(2));
        await("the generators to serve v2", () -> Integer.valueOf(2).equals(generate(Map.of("model", "gw-model", "count", 1), "20").path("version")));

        as(ADMIN).body(Map.of("share", 1.5)).post("/api/v1/models/gw-model/canary").then().statusCode(400);
    }

    @Test
    @Order(6)
    void trainingJobsAreLaunchedAndFollowed() throws Exception {
        as(ADMIN).body(Map.of("dataset", "imagenet")).post("/api/v1/training-jobs").then().statusCode(400)
                .body("detail", containsString("unknown dataset 'imagenet'"));
        as(ADMIN).body(Map.of("dataset", "mnist", "steps", -1)).post("/api/v1/training-jobs").then().statusCode(400);
        as(ADMIN).body(Map.of("dataset", "mnist", "precision", "int4")).post("/api/v1/training-jobs").then().statusCode(400)
                .body("detail", containsString("unknown precision 'int4'"));
        String id = as(ADMIN).body(Map.of("dataset", "mnist", "steps", 200, "precision", "int8")).post("/api/v1/training-jobs").then()
                .statusCode(202).extract().path("jobId");
        await("job " + id + " in the view", () -> as(USER).get("/api/v1/training-jobs/" + id).statusCode() == 200);
        as(USER).get("/api/v1/training-jobs/" + id).then().body("state", equalTo("queued")).body("request.steps", equalTo(200))
                .body("request.precision", equalTo("int8"));
        // what the trainer would write
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (var state : List.of(TrainingProgress.State.RUNNING, TrainingProgress.State.DONE)) {
                var e = new TrainingProgress(id, state, state == TrainingProgress.State.DONE ? 200 : 100, 200, 1.2, 0.8, 50.0, 2.0,
                        "mnist-conditional-mlp", null, null, Instant.now());
                p.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, id, EventJson.toBytes(e))).get();
            }
        }
        String sse = as(USER).accept("text/event-stream").get("/api/v1/training-jobs/" + id + "/events").then().statusCode(200)
                .extract().asString();
        List<String> events = sse.lines().filter(l -> l.startsWith("data:")).toList();
        assertEquals(2, events.size(), sse);
        assertTrue(events.get(1).contains("\"state\":\"DONE\""), events.get(1));
        as(USER).get("/api/v1/training-jobs/" + id).then().body("state", equalTo("done")).body("progress", hasSize(2));
        as(USER).get("/api/v1/training-jobs/nope").then().statusCode(404);
    }

    /** What Swagger UI and generated clients read: the key scheme ("Authorize"), and every status each call answers, errors as problems. */
    @Test
    @Order(7)
    void openApiDeclaresTheKeySchemeAndEveryStatusWithItsProblemBody() throws Exception {
        JsonNode api = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        JsonNode scheme = api.at("/components/securitySchemes/apiKey");
        assertEquals(List.of("apiKey", "header", "X-API-Key"), List.of(scheme.path("type").asText(), scheme.path("in").asText(),
                scheme.path("name").asText()), scheme.toString());
        Map<String, List<String>> statuses = Map.of(
                "post /api/v1/generations", List.of("200", "202", "400", "401", "404", "413", "415", "503"),
                "get /api/v1/generations/{id}", List.of("200", "401", "404"),
                "get /api/v1/generations/{id}/grid.png", List.of("200", "401", "404", "409"),
                "get /api/v1/models", List.of("200", "401"),
                "get /api/v1/models/{name}", List.of("200", "401", "404"),
                "post /api/v1/models/{name}/promote", List.of("200", "400", "401", "403", "404", "415"),
                "post /api/v1/models/{name}/rollback", List.of("200", "401", "403", "404", "409"),
                "post /api/v1/models/{name}/retire", List.of("200", "400", "401", "403", "404", "409", "415"),
                "post /api/v1/training-jobs", List.of("202", "400", "401", "403", "415"),
                "get /api/v1/training-jobs/{id}", List.of("200", "401", "404"));
        statuses.forEach((call, codes) -> {
            String[] methodAndPath = call.split(" ");
            JsonNode operation = api.path("paths").path(methodAndPath[1]).path(methodAndPath[0]);
            assertEquals("apiKey", operation.at("/security/0").fieldNames().next(), call + " needs the key");
            List<String> documented = new java.util.ArrayList<>();
            operation.path("responses").fieldNames().forEachRemaining(documented::add);
            assertEquals(codes, documented.stream().sorted().toList(), call);
            for (String code : codes) {
                if (code.startsWith("2")) continue;
                JsonNode response = operation.path("responses").path(code);
                String ref = response.path("$ref").asText();
                if (ref.startsWith("#/components/responses/")) response = api.path("components").path("responses").path(ref.substring(23));
                assertEquals("#/components/schemas/Problem", response.at("/content/application~1problem+json/schema/$ref").asText(),
                        call + " " + code + " is a problem: " + response);
            }
        });
        for (String path : List.of("/api/v1/generations/{id}", "/api/v1/generations/{id}/events", "/api/v1/generations/{id}/grid.png")) {
            String description = api.path("paths").path(path).path("get").path("description").asText();
            assertTrue(description.contains("it is not rebuilt from Kafka, so after that gateway restarts"), path + ": " + description);
        }
        JsonNode problem = api.at("/components/schemas/Problem/properties");
        for (String field : List.of("type", "title", "status", "detail", "instance")) assertTrue(problem.has(field), field + " in " + problem);
        // the 415 documented on calls taking JSON is what they answer
        given().header("X-API-Key", ADMIN).contentType("text/plain").body("{}").post("/api/v1/training-jobs").then().statusCode(415)
                .contentType("application/problem+json");
        given().header("X-API-Key", ADMIN).contentType("text/plain").body("{}").post("/api/v1/models/gw-model/promote").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    @Order(8)
    void oldVersionsAreRetiredThroughTheApiButNeitherTheNewestNorThePinnedOne() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            for (int v = 1; v <= 4; v++) pub.publish("gw-retire", v, 0.1f * v);
        }
        String m = "/api/v1/models/gw-retire";
        await("gw-retire v1..v4 in the catalog", () -> as(USER).get(m).statusCode() == 200 && as(USER).get(m).jsonPath().getList("versions").size() == 4);
        await("the generator to hold v3, v4", () -> given().get(generatorUrl + "/q/health/ready").asString().contains("gw-retire=[3, 4]"));
        // v1 was pushed out of the generator (it keeps 2): promoting it has the generator read it again
        as(ADMIN).body(Map.of("version", 1)).post(m + "/promote").then().statusCode(200).body("liveVersion", equalTo(1));
        await("the generator to load v1 again", () -> given().get(generatorUrl + "/q/health/ready").asString().contains("gw-retire=[1, 3, 4]"));
        await("v1 to answer", () -> Integer.valueOf(1).equals(generate(Map.of("model", "gw-retire", "count", 1), "20").path("version")));

        as(USER).body(Map.of("keep", 1)).post(m + "/retire").then().statusCode(403);
        as(ADMIN).body(Map.of("keep", 1, "dryRun", true)).post(m + "/retire").then().statusCode(200)
                .body("retired", equalTo(List.of(2, 3))).body("kept", equalTo(List.of(1, 4))).body("dryRun", equalTo(true));
        assertEquals(4, as(USER).get(m).jsonPath().getList("versions").size(), "a dry run changes nothing");
        as(ADMIN).body(Map.of("versions", List.of(4))).post(m + "/retire").then().statusCode(409).body("detail", containsString("newest"));
        as(ADMIN).body(Map.of("versions", List.of(1))).post(m + "/retire").then().statusCode(409).body("detail", containsString("pinned live"));
        as(ADMIN).body(Map.of("versions", List.of(7))).post(m + "/retire").then().statusCode(404);
        as(ADMIN).body(Map.of("keep", 0)).post(m + "/retire").then().statusCode(400);
        as(ADMIN).body(Map.of()).post(m + "/retire").then().statusCode(400);

        as(ADMIN).body(Map.of("keep", 1)).post(m + "/retire").then().statusCode(200)
                .body("retired", equalTo(List.of(2, 3))).body("kept", equalTo(List.of(1, 4))).body("dryRun", equalTo(false));
        as(USER).get(m).then().body("versions.version", equalTo(List.of(1, 4)));
        await("the generator to drop v3", () -> given().get(generatorUrl + "/q/health/ready").asString().contains("gw-retire=[1, 4]"));
        assertEquals(1, (int) generate(Map.of("model", "gw-retire", "count", 1), "20").path("version"));
        assertEquals(404, generate(Map.of("model", "gw-retire", "version", 3, "count", 1), "20").statusCode(), "a retired version is not served");
    }

    /** The generators' strict rule, here too: a wrong request gets a 400 naming the field, never the answer to another request. */
    @Test
    @Order(9)
    void aWrongRequestIsRefusedByNameNeverAnsweredAsAnother() {
        String[][] cases = {
                {"{\"model\":\"gw-model\",\"count\":3,\"labls\":[7,7,7]}", "at /labls: unknown field \"labls\""},
                {"{\"model\":\"gw-model\",\"count\":10.5}", "at /count: Cannot deserialize 10.5: count takes an integer"},
                {"{\"model\":\"gw-model\",\"count\":2,\"seed\":1.5}", "at /seed: Cannot deserialize 1.5"},
                {"{\"model\":\"gw-model\",\"count\":\"2\"}", "at /count: "},
                {"{\"model\":\"gw-model\",\"count\":3,\"labels\":[1,12,-1]}", "labels 12, -1 are not classes of gw-model"},
                {"{\"model\":\"gw-model\",\"count\":2,\"classCounts\":{\"seven\":2}}", "the keys of classCounts are integers"},
                {"{\"model\":\"gw-model\",\"count\":2,\"seed\":\"abc\"}", "at /seed: Cannot deserialize"},
                {"{\"model\":\"gw-model\",\"count\":2,\"latentScale\":9}", "latentScale must be in (0, 4.0], got 9.0"}};
        for (String[] c : cases) {
            String detail = as(USER).body(c[0]).post("/api/v1/generations").then().statusCode(400).contentType("application/problem+json")
                    .extract().path("detail");
            assertTrue(detail.contains(c[1]), c[0] + " → " + detail);
            assertTrue(!detail.matches("(?s).*(java\\.|io\\.synthstream|`).*"), "no Java names: " + detail);
        }
        String jobs = as(ADMIN).body("{\"dataset\":\"mnist\",\"steps\":\"many\"}").post("/api/v1/training-jobs").then().statusCode(400)
                .extract().path("detail");
        assertTrue(jobs.contains("at /steps: ") && !jobs.contains("java."), jobs);
    }
}
