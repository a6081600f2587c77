package io.synthstream.gateway;

import static io.restassured.RestAssured.given;
import static io.synthstream.gateway.GatewayApiTest.ADMIN;
import static io.synthstream.gateway.GatewayApiTest.USER;
import static io.synthstream.gateway.GatewayApiTest.as;
import static io.synthstream.gateway.GatewayApiTest.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import io.synthstream.testing.TestTables;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A tabular model through the gateway, with the real generator service behind it: rows as typed JSON and as CSV, the
 * format each kind of version is read in, the refusals said by the gateway itself, and table training jobs.
 */
@QuarkusTest
@Order(4) // after GatewayApiTest, which needs a system where nothing is published yet
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(GeneratorProcessResource.class) // the same resources as the other classes: one Quarkus start for all
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayRowsTest {
    /** Names CSV must quote (a comma, quotes) in a column, a category and a class. */
    static final RowSchema SCHEMA = new RowSchema(List.of(RowSchema.Column.numeric("age", true), RowSchema.Column.numeric("amount", false),
            RowSchema.Column.categorical("colour, main", List.of("red", "green, light", "\"blue\""))), "approved",
            List.of("no", "yes, \"after review\""));
    static final RowEncoding ENCODING = TestTables.encoding(SCHEMA);
    static final TabularVersion FIGURES = new TabularVersion(SCHEMA, ENCODING, 200, 0.91, 0.87,
            List.of(new TabularVersion.ClassifierEfficacy("random-forest", 0.52, 0.47, 0.71, 0.66)),
            new TabularVersion.RareClassFigures("yes, \"after review\"", 5, 0.031, 0.012, 0.018, 0.007));
    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "test.generator.url")
    String generatorUrl;

    Response generate(Map<String, Object> body) {
        return as(USER).body(body).queryParam("wait", "20").post("/api/v1/generations");
    }

    @Test
    @Order(1)
    void aTabularVersionIsListedWithItsSchemaAndFiguresButNotItsEncoding() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            pub.publishTabular("gw-rows", 1, TestGenerators.linearRows(TestModelPublisher.LATENT, 2, ENCODING, 1),
                    TestModelPublisher.tabularContract(SCHEMA, ENCODING.width()), FIGURES);
            pub.publish("gw-rows-img", 1, 0f);
        }
        await("both models in the catalog", () -> as(USER).get("/api/v1/models/gw-rows").statusCode() == 200
                && as(USER).get("/api/v1/models/gw-rows-img").statusCode() == 200);
        await("the generator to serve both", () -> {
            String ready = given().get(generatorUrl + "/q/health/ready").asString();
            return ready.contains("gw-rows=[1]") && ready.contains("gw-rows-img=[1]");
        });
        JsonNode model = JSON.readTree(as(USER).get("/api/v1/models/gw-rows").then().statusCode(200).extract().asString());
        JsonNode rows = model.at("/versions/0/rows");
        assertEquals(List.of("age", "amount", "colour, main"), texts(rows.at("/schema/columns"), "name"));
        assertEquals(List.of("NUMERIC", "NUMERIC", "CATEGORICAL"), texts(rows.at("/schema/columns"), "kind"));
        assertEquals(List.of("red", "green, light", "\"blue\""), texts(rows.at("/schema/columns/2/categories"), null));
        assertTrue(rows.at("/schema/columns/0/integral").asBoolean(), rows.toString());
        assertEquals("approved", rows.at("/schema/labelColumn").asText());
        assertEquals(SCHEMA.classes(), texts(rows.at("/schema/classes"), null));
        assertEquals(200, rows.path("validationRows").asInt());
        assertEquals(0.91, rows.path("columnSimilarity").asDouble());
        assertEquals(0.87, rows.path("correlationScore").asDouble());
        assertEquals("random-forest", rows.at("/mlEfficacy/0/classifier").asText());
        assertEquals(0.47, rows.at("/mlEfficacy/0/syntheticMinorityF1").asDouble());
        assertEquals(0.031, rows.at("/rareClassGain/minorityF1Gain").asDouble());
        assertEquals(5, rows.at("/rareClassGain/folds").asInt());
        assertTrue(rows.path("encoding").isMissingNode(), "no decoder parameters in the API: " + rows);
        assertEquals(SCHEMA.classes(), texts(model.path("classNames"), null));
        as(USER).get("/api/v1/models/gw-rows-img").then().body("versions[0].rows", nullValue());
    }

    @Test
    @Order(2)
    void rowsOfExactlyTheClassesAskedForComeAsTypedJsonAndAsCsv() throws Exception {
        Response done = generate(Map.of("model", "gw-rows", "count", 5, "classCounts", Map.of(0, 3, 1, 2), "seed", 7));
        JsonNode g = JSON.readTree(done.then().statusCode(200).extract().asString());
        assertEquals("done", g.path("status").asText(), g.toString());
        assertEquals("rows-json", g.path("format").asText(), "no format: the tabular version's own");
        assertTrue(g.path("samples").isMissingNode(), "rows, not base64 samples: " + g);
        assertEquals(List.of("age", "amount", "colour, main"), texts(g.path("columns"), null));
        assertEquals(SCHEMA.classes(), texts(g.path("classes"), null));
        assertEquals("approved", g.path("labelColumn").asText());
        String id = g.path("id").asText();
        assertEquals("/api/v1/generations/" + id + "/rows.csv", g.at("/links/rows").asText());
        assertTrue(g.at("/links/grid").isMissingNode(), "no grid of rows: " + g.path("links"));

        JsonNode rows = g.path("rows");
        assertEquals(5, rows.size(), rows.toString());
        List<Integer> labels = new ArrayList<>(), indexes = new ArrayList<>();
        for (JsonNode r : rows) {
            indexes.add(r.path("index").asInt());
            labels.add(r.path("label").asInt());
            assertEquals(SCHEMA.classes().get(r.path("label").asInt()), r.path("className").asText());
            JsonNode v = r.path("values");
            assertEquals(3, v.size(), r.toString());
            assertTrue(v.get(0).isIntegralNumber() && v.get(0).asInt() >= 18 && v.get(0).asInt() <= 90, "an integral age in range: " + r);
            assertTrue(v.get(1).isNumber() && v.get(1).asDouble() >= 18 && v.get(1).asDouble() <= 90, "a numeric amount in range: " + r);
            assertTrue(v.get(2).isTextual() && SCHEMA.columns().get(2).categories().contains(v.get(2).asText()), "a category: " + r);
        }
        assertEquals(List.of(0, 1, 2, 3, 4), indexes);
        assertEquals(List.of(0, 0, 0, 1, 1), labels);
        JsonNode again = JSON.readTree(as(USER).queryParam("include", "samples").get("/api/v1/generations/" + id).then().statusCode(200)
                .extract().asString());
        assertEquals(rows, again.path("rows"), "the same rows when asked again");
        as(USER).get("/api/v1/generations/" + id).then().body("rows", nullValue()).body("columns", nullValue());

        Response csv = as(USER).get("/api/v1/generations/" + id + "/rows.csv");
        csv.then().statusCode(200).contentType("text/csv; charset=utf-8");
        String text = csv.asString();
        assertTrue(text.startsWith("age,amount,\"colour, main\",approved\r\n"), text);
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
        assertEquals(6, records.size(), "a header and 5 rows: " + text);
        assertEquals(List.of("age", "amount", "colour, main", "approved"), records.get(0).toList());
        for (int i = 0; i < 5; i++) {
            List<String> line = records.get(i + 1).toList();
            JsonNode r = rows.get(i);
            assertEquals(r.at("/values/0").asInt(), Integer.parseInt(line.get(0)), text);
            assertEquals(r.at("/values/1").asDouble(), Double.parseDouble(line.get(1)), text);
            assertEquals(r.at("/values/2").asText(), line.get(2), text);
            assertEquals(r.path("className").asText(), line.get(3), "the class name, quoted as it needs: " + text);
        }
        as(USER).get("/api/v1/generations/" + id + "/grid.png").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("holds rows")).body("detail", containsString("/rows.csv"));
    }

    @Test
    @Order(3)
    void aFormatTheVersionDoesNotServeIsRefusedByTheGatewayWithTheReason() throws Exception {
        as(USER).body(Map.of("model", "gw-rows", "count", 2, "format", "png")).post("/api/v1/generations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("format 'png' is an image format, and 'gw-rows' v1 is a tabular version: it answers in rows-json "
                        + "only (or name no format)"));
        as(USER).body(Map.of("model", "gw-rows-img", "count", 2, "format", "rows-json")).post("/api/v1/generations").then().statusCode(400)
                .body("detail", containsString("format 'rows-json' is for tabular versions, and 'gw-rows-img' v1 generates images"));
        as(USER).body(Map.of("model", "gw-rows", "count", 2, "classCounts", Map.of(2, 2))).post("/api/v1/generations").then()
                .statusCode(400).body("detail", containsString("classCounts key 2 is not a class of gw-rows (it has 2"));

        // an image model still answers png by default, with a grid and no rows
        JsonNode img = JSON.readTree(generate(Map.of("model", "gw-rows-img", "count", 2)).then().statusCode(200).extract().asString());
        assertEquals("png", img.path("format").asText());
        assertEquals(2, img.path("samples").size(), img.toString());
        assertTrue(img.at("/links/rows").isMissingNode() && img.at("/links/grid").asText().endsWith("/grid.png"), img.toString());
        as(USER).get("/api/v1/generations/" + img.path("id").asText() + "/rows.csv").then().statusCode(409)
                .contentType("application/problem+json").body("title", equalTo("Not rows")).body("detail", containsString("holds images (png)"));
        as(USER).get("/api/v1/generations/nope/rows.csv").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    @Order(4)
    void tableTrainingJobsAreAcceptedAndCheckedByTheTrainersRules() {
        as(ADMIN).body(Map.of("dataset", "weka/credit-g.arff", "labelColumn", "class", "columnKinds", Map.of("duration", "NUMERIC"),
                        "steps", 100, "batchSize", 500)).post("/api/v1/training-jobs").then().statusCode(202)
                .body("request.dataset", equalTo("weka/credit-g.arff")).body("request.labelColumn", equalTo("class"))
                .body("request.columnKinds.duration", equalTo("NUMERIC")).body("state", equalTo("queued"));
        as(ADMIN).body(Map.of("dataset", "tables/loans.csv")).post("/api/v1/training-jobs").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("labelColumn is required for a table data set"));
        as(ADMIN).body(Map.of("dataset", "weka/credit-g.arff", "labelColumn", "class", "batchSize", 64, "architecture", "conditional-mlp",
                "columnKinds", Map.of("age", "ORDINAL"))).post("/api/v1/training-jobs").then().statusCode(400)
                .body("detail", containsString("batchSize must be a multiple of 10"))
                .body("detail", containsString("a table data set trains architecture conditional-tabular, not conditional-mlp"))
                .body("detail", containsString("columnKinds maps a column to one of"));
        as(ADMIN).body(Map.of("dataset", "mnist", "labelColumn", "label")).post("/api/v1/training-jobs").then().statusCode(400)
                .body("detail", containsString("labelColumn and columnKinds are for table data sets"));
        as(ADMIN).body(Map.of("dataset", "weka/credit-g.txt", "labelColumn", "class")).post("/api/v1/training-jobs").then().statusCode(400);
        // every field of the job reaches the trainer, the loss too
        as(ADMIN).body(Map.of("dataset", "mnist", "loss", "hinge", "steps", 10)).post("/api/v1/training-jobs").then().statusCode(202)
                .body("request.loss", equalTo("hinge"));
    }

    @Test
    @Order(5)
    void theCsvEndpointIsDocumented() throws Exception {
        JsonNode api = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        JsonNode csv = api.at("/paths/~1api~1v1~1generations~1{id}~1rows.csv/get");
        List<String> codes = new ArrayList<>();
        csv.path("responses").fieldNames().forEachRemaining(codes::add);
        assertEquals(List.of("200", "401", "404", "409"), codes.stream().sorted().toList(), csv.toString());
        assertTrue(csv.at("/responses/200/content").has("text/csv"), csv.toString());
        JsonNode view = api.at("/components/schemas/GenerationView/properties");
        for (String field : List.of("columns", "classes", "labelColumn", "rows")) assertTrue(view.has(field), field + " in " + view);
        assertTrue(api.at("/components/schemas/VersionView/properties").has("rows"));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(field == null ? n.asText() : n.path(field).asText());
        return out;
    }
}
