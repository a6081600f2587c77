package io.synthstream.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.events.TabularVersion.ColumnDistribution;
import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's view of a tabular version in headless Chromium (as {@link DashboardBrowserTest}): its figures in the
 * versions table, one chart per column with real and synthetic bars, a version published before column distributions
 * says it has none, "Preview rows" shows generated rows as a table with their CSV, and so does the sample explorer for
 * rows of a class chosen by name, and the training form launches a table job. Screenshots land in target/screenshots/.
 */
@QuarkusTest
@org.junit.jupiter.api.Order(3)
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(GeneratorProcessResource.class)
class TabularDashboardBrowserTest {
    static final RowSchema SCHEMA = new RowSchema(List.of(RowSchema.Column.numeric("age", true), RowSchema.Column.numeric("amount", false),
            RowSchema.Column.categorical("colour", List.of("red", "green", "blue")),
            RowSchema.Column.categorical("purpose", List.of("car", "<radio/tv>", "education", "furniture", "business", "repairs", "retraining",
                    "other"))), "class", List.of("good", "bad"));
    static final RowEncoding ENCODING = new RowEncoding(List.of(
            new ColumnDecoding.ModeSpecific("age", List.of(30.0, 60.0), List.of(5.0, 8.0), 18, 75, true),
            new ColumnDecoding.Quantile("amount", List.of(250.0, 1000.0, 2500.0, 8000.0, 18000.0), false),
            new ColumnDecoding.OneHot("colour", 3), new ColumnDecoding.OneHot("purpose", 8)));
    /** The columns' bars: age 12 bins, amount 10, colour 3 categories, purpose 8. */
    static final Map<String, Integer> BARS = Map.of("age", 12, "amount", 10, "colour", 3, "purpose", 8);

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** A version's figures as the trainer publishes them, with every column's distribution. */
    static TabularVersion figures() {
        return new TabularVersion(SCHEMA, ENCODING, 200, 0.912, 0.874,
                List.of(new TabularVersion.ClassifierEfficacy("LOGISTIC_REGRESSION", 0.61, 0.52, 0.72, 0.66),
                        new TabularVersion.ClassifierEfficacy("RANDOM_FOREST", 0.57, 0.48, 0.7, 0.64)),
                new TabularVersion.RareClassFigures("bad", 3, 0.042, 0.021, 0.015, 0.008), List.of(
                        new ColumnDistribution("age", 0.93, edges(17.5, 5, 12), null, shares(12, 0), shares(12, 1)),
                        new ColumnDistribution("amount", 0.88, edges(0, 2000, 10), null, shares(10, 0), shares(10, 2)),
                        new ColumnDistribution("colour", 0.95, null, SCHEMA.columns().get(2).categories(), List.of(0.5, 0.3, 0.2),
                                List.of(0.45, 0.35, 0.2)),
                        new ColumnDistribution("purpose", 0.9, null, SCHEMA.columns().get(3).categories(), shares(8, 0), shares(8, 3))));
    }

    static List<Double> edges(double first, double width, int bins) {
        return java.util.stream.IntStream.rangeClosed(0, bins).mapToObj(i -> first + i * width).toList();
    }

    /** Shares that sum to 1 and differ by {@code shift} (a bin's bar may be zero). */
    static List<Double> shares(int bins, int shift) {
        double[] w = new double[bins];
        double sum = 0;
        for (int i = 0; i < bins; i++) sum += w[i] = (i + shift) % bins == 0 ? 0 : 1 + (i + shift) % 4;
        final double total = sum;
        return java.util.Arrays.stream(w).map(x -> Math.round(x / total * 1e4) / 1e4).boxed().toList();
    }

    static void publish(String bootstrap, String model, long version, TabularVersion rows) {
        try (var pub = new TestModelPublisher(bootstrap)) {
            pub.publishTabular(model, version, TestGenerators.linearRows(TestModelPublisher.LATENT, SCHEMA.classes().size(), ENCODING, version),
                    TestModelPublisher.tabularContract(SCHEMA, ENCODING.width()), rows);
        }
    }

    static void assertNoConsoleErrors(WebDriver d) {
        List<LogEntry> severe = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(severe.isEmpty(), "console errors: " + severe);
    }

    @Test
    void aTabularVersionShowsItsFiguresAndOneChartOfRealAndSyntheticBarsPerColumn() throws Exception {
        publish(bootstrap, "ui-table", 1, figures());
        // published before versions carried column distributions
        TabularVersion f = figures();
        publish(bootstrap, "ui-table", 2, new TabularVersion(SCHEMA, ENCODING, 200, 0.9, 0.86, f.mlEfficacy(), f.rareClassGain()));
        // the API lists a tabular version with its rows: schema, figures and distributions, as its event has them
        GatewayApiTest.await("ui-table v1 and v2 listed", () -> given().header("X-API-Key", "dev-user-key").get("/api/v1/models/ui-table")
                .jsonPath().getList("versions").size() == 2);
        var listed = given().header("X-API-Key", "dev-user-key").get("/api/v1/models/ui-table").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("age", "amount", "colour", "purpose"), listed.getList("versions[0].rows.columnDistributions.column"));
        assertEquals(13, listed.getList("versions[0].rows.columnDistributions[0].binEdges").size());
        assertEquals("class", listed.getString("versions[0].rows.schema.labelColumn"));
        assertEquals(List.of(), listed.getList("versions[1].rows.columnDistributions"));
        WebDriver d = DashboardBrowserTest.browser();
        try {
            WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
            JavascriptExecutor js = (JavascriptExecutor) d;
            String model = "#models div[data-model='ui-table'] ", v1 = model + "tr[data-version='1'] ";
            d.get(root.toString());
            wait.until(x -> {
                x.navigate().refresh();
                return !x.findElements(By.cssSelector(model + "tr[data-version='2']")).isEmpty()
                        && !x.findElements(By.cssSelector(v1)).isEmpty();
            });
            List<String> head = d.findElements(By.cssSelector(model + "thead th")).stream().map(WebElement::getText).toList();
            assertEquals(List.of("Version", "Column similarity", "Correlation", "ML efficacy", "Rare-class gain vs SMOTE", "Parity", "Steps",
                    "Published", ""), head);
            assertEquals("0.912", d.findElement(By.cssSelector(v1 + "td.similarity")).getText());
            assertEquals("0.874", d.findElement(By.cssSelector(v1 + "td.correlation")).getText());
            String efficacy = d.findElement(By.cssSelector(v1 + "td.efficacy")).getText();
            assertTrue(efficacy.contains("LR 0.52 (real 0.61)") && efficacy.contains("RF 0.48 (real 0.57)"), efficacy);
            assertEquals("+4.2 pts F1 (SMOTE +1.5)", d.findElement(By.cssSelector(v1 + "td.gain")).getText());

            // the newest version's details are open: it has no distributions, and says so
            String details = model + "tr.tabular-details[data-details-of='%d'] details";
            wait.until(x -> x.findElement(By.cssSelector(details.formatted(2))).getText().contains("no column distributions"));
            assertEquals(null, d.findElement(By.cssSelector(details.formatted(1))).getAttribute("open"), "an older version's are folded");
            d.findElement(By.cssSelector(details.formatted(1) + " summary")).click();
            String charts = details.formatted(1) + " figure.dist";
            wait.until(x -> x.findElements(By.cssSelector(charts)).size() == 4);
            List<String> columns = d.findElements(By.cssSelector(charts)).stream().map(e -> e.getAttribute("data-column")).toList();
            assertEquals(List.of("age", "amount", "colour", "purpose"), columns, "one chart per column, in schema order");
            for (String column : columns) {
                @SuppressWarnings("unchecked")
                Map<String, Object> bars = (Map<String, Object>) js.executeScript("const f = document.querySelector(arguments[0]);"
                        + " const tall = (cls) => [...f.querySelectorAll('rect.' + cls)].filter((r) => r.getBBox().height > 0.5).length;"
                        + " return {real: f.querySelectorAll('rect.real').length, synthetic: f.querySelectorAll('rect.synthetic').length,"
                        + " tallReal: tall('real'), tallSynthetic: tall('synthetic'), visible: f.getBoundingClientRect().height > 50};",
                        charts + "[data-column='" + column + "']");
                long n = BARS.get(column);
                assertEquals(n, bars.get("real"), column + ": a real bar per bin or category " + bars);
                assertEquals(n, bars.get("synthetic"), column + ": a synthetic bar per bin or category " + bars);
                assertTrue((Long) bars.get("tallReal") >= n / 2 && (Long) bars.get("tallSynthetic") >= n / 2 && (Boolean) bars.get("visible"),
                        column + ": the bars are drawn " + bars);
            }
            String purpose = charts + "[data-column='purpose']";
            assertTrue(d.findElement(By.cssSelector(purpose + " figcaption")).getText().contains("similarity 0.900"));
            Object tooltip = js.executeScript("return document.querySelectorAll(arguments[0] + ' g > title')[1].textContent;", purpose);
            assertEquals("<radio/tv>: real 10.5 %, synthetic 5.3 %", tooltip, "a category's name as text, never markup");
            Object age = js.executeScript("return [...document.querySelectorAll(arguments[0] + ' svg text')].map((t) => t.textContent).join(' ');",
                    charts + "[data-column='age']");
            assertEquals("17.5 77.5", age, "the bins' span under the chart");
            DashboardBrowserTest.screenshot(d, "07-tabular-version");
            assertNoConsoleErrors(d);
        } finally {
            d.quit();
        }
    }

    /**
     * "Preview rows" asks the gateway for 3 rows of each class (rows-json, the gateway's default for a tabular version)
     * and shows them as a table, with a link to the same rows as CSV (the generation's {@code columns}, {@code rows} and
     * {@code links.rows}).
     */
    @Test
    void previewRowsShowsGeneratedRowsOfEachClassAsATableAndOffersTheirCsv() throws Exception {
        publish(bootstrap, "ui-table-rows", 1, figures());
        // the generator serves it once it has loaded it
        String[] last = {""};
        try {
            GatewayApiTest.await("ui-table-rows v1 served", () -> {
                var answer = given().header("X-API-Key", "dev-user-key").contentType(ContentType.JSON)
                        .body(Map.of("model", "ui-table-rows", "version", 1, "count", 2, "classCounts", Map.of("0", 1, "1", 1))).post("/api/v1/generations?wait=10");
                last[0] = answer.statusCode() + " " + answer.asString();
                return answer.statusCode() == 200 && "done".equals(answer.jsonPath().getString("status"));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the last answer: " + last[0], e);
        }
        WebDriver d = DashboardBrowserTest.browser();
        try {
            WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
            String preview = "#models div[data-model='ui-table-rows'] tr.tabular-details[data-details-of='1'] .rows-preview";
            d.get(root.toString());
            wait.until(x -> {
                x.navigate().refresh();
                return !x.findElements(By.cssSelector(preview + " button.preview-rows")).isEmpty();
            });
            d.findElement(By.cssSelector(preview + " button.preview-rows")).click();
            wait.until(x -> !x.findElements(By.cssSelector(preview + " table.rows tbody tr")).isEmpty()
                    || !x.findElements(By.cssSelector(preview + " .info.error")).isEmpty());
            assertTrue(d.findElements(By.cssSelector(preview + " .info.error")).isEmpty(), d.findElement(By.cssSelector(preview + " .info")).getText());
            List<String> head = d.findElements(By.cssSelector(preview + " table.rows th")).stream().map(WebElement::getText).toList();
            assertEquals(List.of("class", "age", "amount", "colour", "purpose"), head);
            List<WebElement> rows = d.findElements(By.cssSelector(preview + " table.rows tbody tr"));
            assertEquals(6, rows.size(), "3 rows of each of the 2 classes");
            for (int i = 0; i < rows.size(); i++) {
                List<String> cells = rows.get(i).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
                assertEquals(i < 3 ? "good" : "bad", cells.get(0), cells.toString());
                int years = Integer.parseInt(cells.get(1));
                assertTrue(years >= 18 && years <= 75, "a whole age in range: " + cells);
                Double.parseDouble(cells.get(2).replace(" ", ""));
                assertTrue(SCHEMA.columns().get(2).categories().contains(cells.get(3)), cells.toString());
                assertTrue(SCHEMA.columns().get(3).categories().contains(cells.get(4)), cells.toString());
            }
            WebElement csv = d.findElement(By.cssSelector(preview + " a.csv"));
            assertEquals("Download CSV", csv.getText());
            String path = csv.getAttribute("href").replaceFirst("^https?://[^/]+", "");
            assertTrue(path.matches("/api/v1/generations/[^/]+/rows\\.csv"), path);
            String body = given().header("X-API-Key", "dev-user-key").get(path).then().statusCode(200).extract().asString();
            assertTrue(body.lines().count() == 7 && body.lines().findFirst().orElseThrow().contains("age"), body);
            DashboardBrowserTest.screenshot(d, "08-tabular-preview-rows");

            // the sample explorer on the same model: its classes by name, rows of the chosen one as a table with their CSV
            new Select(d.findElement(By.id("ex-model"))).selectByValue("ui-table-rows");
            List<String> choices = d.findElements(By.cssSelector("#ex-class-names option")).stream().map(o -> o.getAttribute("value")).toList();
            assertEquals(List.of("good", "bad"), choices, "the schema's class names");
            assertEquals("ex-class-names", d.findElement(By.id("ex-classes")).getDomAttribute("list"));
            d.findElement(By.id("ex-classes")).sendKeys("bad");
            d.findElement(By.id("ex-count")).clear();
            d.findElement(By.id("ex-count")).sendKeys("5");
            d.findElement(By.id("ex-generate")).click();
            wait.until(x -> !x.findElements(By.cssSelector("#ex-rows table.rows tbody tr")).isEmpty()
                    || x.findElement(By.id("ex-info")).getAttribute("class").contains("error"));
            String info = d.findElement(By.id("ex-info")).getText();
            assertTrue(info.startsWith("5 rows from ui-table-rows v1"), info);
            assertEquals(List.of("class", "age", "amount", "colour", "purpose"),
                    d.findElements(By.cssSelector("#ex-rows table.rows th")).stream().map(WebElement::getText).toList());
            List<WebElement> explored = d.findElements(By.cssSelector("#ex-rows table.rows tbody tr"));
            assertEquals(5, explored.size());
            for (WebElement row : explored) {
                List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
                assertEquals("bad", cells.get(0), cells.toString());
                assertTrue(SCHEMA.columns().get(2).categories().contains(cells.get(3)), cells.toString());
            }
            assertEquals(false, d.findElement(By.id("ex-grid")).isDisplayed(), "no image grid for rows");
            String explorerCsv = d.findElement(By.cssSelector("#ex-info a.csv")).getAttribute("href").replaceFirst("^https?://[^/]+", "");
            assertTrue(explorerCsv.matches("/api/v1/generations/[^/]+/rows\\.csv"), explorerCsv);
            String csvRows = given().header("X-API-Key", "dev-user-key").get(explorerCsv).then().statusCode(200).extract().asString();
            assertEquals(6, csvRows.lines().count(), csvRows);
            // a name the schema does not have is refused in the page, naming the classes
            d.findElement(By.id("ex-classes")).clear();
            d.findElement(By.id("ex-classes")).sendKeys("ugly");
            d.findElement(By.id("ex-generate")).click();
            wait.until(x -> x.findElement(By.id("ex-info")).getAttribute("class").contains("error"));
            assertTrue(d.findElement(By.id("ex-info")).getText().contains("good, bad"), d.findElement(By.id("ex-info")).getText());
            DashboardBrowserTest.screenshot(d, "09-tabular-explorer");
            assertNoConsoleErrors(d);
        } finally {
            d.quit();
        }
    }

    /**
     * The training form launches a table job: for a .csv or .arff data set it offers a label column and column kinds in
     * place of the image fields, and sends a TrainingJobRequested with labelColumn, columnKinds and architecture
     * conditional-tabular (none of an image job's fields); no trainer runs here, so the job stays queued. Without a label
     * column the gateway's 400 shows in the form.
     */
    @Test
    void theTrainingFormLaunchesATableJobAndShowsTheGatewaysRefusal() throws Exception {
        WebDriver d = DashboardBrowserTest.browser();
        try {
            WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
            d.get(root.toString());
            wait.until(x -> "connected".equals(x.findElement(By.id("status")).getText()));
            assertTrue(d.findElement(By.id("tr-arch")).isDisplayed() && !d.findElement(By.id("tr-label")).isDisplayed(),
                    "mnist: the image fields, no label column");
            List<String> offered = d.findElements(By.cssSelector("#tr-datasets option")).stream().map(o -> o.getAttribute("value")).toList();
            assertTrue(offered.contains("weka/credit-g.arff"), offered.toString());

            WebElement dataset = d.findElement(By.id("tr-dataset"));
            dataset.clear();
            dataset.sendKeys("weka/credit-g.arff");
            wait.until(x -> x.findElement(By.id("tr-label")).isDisplayed());
            assertTrue(d.findElement(By.id("tr-kinds")).isDisplayed() && d.findElement(By.id("tr-kinds")).isEnabled());
            for (String image : List.of("tr-arch", "tr-precision", "tr-size")) {
                assertTrue(!d.findElement(By.id(image)).isDisplayed() && !d.findElement(By.id(image)).isEnabled(), image + " is an image job's");
            }
            d.findElement(By.id("tr-steps")).clear();
            d.findElement(By.id("tr-steps")).sendKeys("200");
            d.findElement(By.id("tr-publish")).clear();
            d.findElement(By.id("tr-publish")).sendKeys("100");

            // no label column: the gateway refuses the job and the form says why
            d.findElement(By.id("tr-launch")).click();
            wait.until(x -> x.findElement(By.id("tr-info")).getAttribute("class").contains("error"));
            String refusal = d.findElement(By.id("tr-info")).getText();
            assertTrue(refusal.contains("400") && refusal.contains("labelColumn is required for a table data set"), refusal);
            DashboardBrowserTest.screenshot(d, "10-table-job-refused");

            d.findElement(By.id("tr-label")).sendKeys("class");
            d.findElement(By.id("tr-kinds")).sendKeys("num_dependents=categorical, age = numeric");
            d.findElement(By.id("tr-launch")).click();
            wait.until(x -> x.findElement(By.id("tr-info")).getText().startsWith("launched "));
            String info = d.findElement(By.id("tr-info")).getText();
            String jobId = info.substring("launched ".length(), info.indexOf(' ', "launched ".length()));
            assertEquals("launched " + jobId + " (weka/credit-g.arff)", info);
            String line = "#jobs li[data-job='" + jobId + "']";
            wait.until(x -> !x.findElements(By.cssSelector(line)).isEmpty()
                    && x.findElement(By.cssSelector(line)).getText().contains("weka/credit-g.arff · label class"));
            assertTrue(d.findElement(By.cssSelector(line)).getText().startsWith(jobId + " — queued"), d.findElement(By.cssSelector(line)).getText());
            wait.until(x -> "selected".equals(x.findElement(By.cssSelector(line)).getAttribute("class")));
            assertEquals(jobId + ": waiting for its progress…", d.findElement(By.id("loss-caption")).getText());
            DashboardBrowserTest.screenshot(d, "11-table-job-launched");

            // what went on the jobs topic, as the gateway's view of it has it
            var job = given().header("X-API-Key", "dev-user-key").get("/api/v1/training-jobs/" + jobId).then().statusCode(200).extract().jsonPath();
            assertEquals("queued", job.getString("state"));
            assertEquals("weka/credit-g.arff", job.getString("request.dataset"));
            assertEquals("class", job.getString("request.labelColumn"));
            assertEquals("conditional-tabular", job.getString("request.architecture"));
            assertEquals(Map.of("num_dependents", "categorical", "age", "numeric"), job.getMap("request.columnKinds"));
            assertEquals(200, job.getInt("request.steps"));
            for (String image : List.of("precision", "imageHeight", "imageWidth", "diffAugment")) {
                assertEquals(null, (Object) job.get("request." + image), image + " is not sent for a table");
            }

            // back to an image data set: its fields again, the table's hidden
            dataset.clear();
            dataset.sendKeys("mnist");
            wait.until(x -> x.findElement(By.id("tr-arch")).isDisplayed());
            assertTrue(!d.findElement(By.id("tr-label")).isDisplayed() && !d.findElement(By.id("tr-label")).isEnabled());

            // the console: no error but the browser's own line for the 400 this test asked for
            List<LogEntry> severe = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .filter(e -> !(e.getMessage().contains("/api/v1/training-jobs") && e.getMessage().contains("status of 400"))).toList();
            assertTrue(severe.isEmpty(), "console errors: " + severe);
        } finally {
            d.quit();
        }
    }
}
