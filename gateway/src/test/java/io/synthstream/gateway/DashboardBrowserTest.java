package io.synthstream.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium + chromium-driver, installed by .ci/run):
 * models render, a candidate the quality gate refused shows with its figures and reason, samples are requested
 * and their grid image shows, a loss curve draws from the SSE stream, an older version is made live and another retired, and the console stays clean. Screenshots land in target/screenshots/.
 */
@QuarkusTest
@org.junit.jupiter.api.Order(2)
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(GeneratorProcessResource.class)
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static WebDriver browser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (System.getenv("CI") != null && !present) throw new AssertionError("CI must install chromium and chromium-driver (.ci/run does)");
        Assumptions.assumeTrue(present, "Chromium is not installed here (apt-get install chromium chromium-driver)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1400,1100");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), o);
    }

    static void screenshot(WebDriver d, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void dashboardShowsModelsGeneratesSamplesAndDrawsLossCurves() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            // its augmentation gain, as the trainer measures it on a user's labelled data, shows in the versions table
            pub.publish("ui-model", 1, new QualityMetrics(0.9, 100, 0.99, 0.0, 1, null, null, null, null, null, null, null, null,
                    new io.synthstream.contracts.events.ModelVersionPublished.AugmentationGain(1.84, 0.41, 3, 0.912, 0.9304, 480, 5000, 120)));
        }
        String jobId = "ui-job-" + System.nanoTime(), refusedJob = "ui-refused-" + System.nanoTime();
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int step = 100; step <= 1000; step += 100) { // what the trainer writes for a job
                var e = new TrainingProgress(jobId, step == 1000 ? TrainingProgress.State.DONE : TrainingProgress.State.RUNNING, step, 1000,
                        1.4 - step / 2000.0, 0.7 + step / 4000.0, 50.0, (1000 - step) / 50.0, "mnist-conditional-mlp", null, null, Instant.now());
                p.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, jobId, EventJson.toBytes(e))).get();
            }
            // a candidate of ui-model the quality gate refused, as the trainer reports it
            var refused = new TrainingProgress(refusedJob, TrainingProgress.State.RUNNING, 500, 1000, 1.1, 0.9, null, null, "ui-model", null,
                    "version at step 500 not published: refused by the quality gate: label fidelity 0.4100 < required 0.8000",
                    Instant.now(), new TrainingProgress.RefusedCandidate(500, List.of("label fidelity 0.4100 < required 0.8000"),
                    new QualityMetrics(0.41, 1000, 0.99, 2e-6, 500, 0.9, 1.1, 48.5, 1.9, 0.37, 60000), null));
            p.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, refusedJob, EventJson.toBytes(refused))).get();
        }
        // the API keeps the refusal: on the job (with every figure) and on the model it was a candidate of
        GatewayApiTest.await("the refusal in the model's view", () -> {
            var model = given().header("X-API-Key", "dev-user-key").get("/api/v1/models/ui-model");
            return model.statusCode() == 200 && !model.jsonPath().getList("refused").isEmpty();
        });
        given().header("X-API-Key", "dev-user-key").get("/api/v1/models/ui-model").then().statusCode(200)
                .body("refused[0].trainingJobId", equalTo(refusedJob)).body("refused[0].step", equalTo(500))
                .body("refused[0].failures[0]", equalTo("label fidelity 0.4100 < required 0.8000"))
                .body("refused[0].metrics.tstrAccuracy", equalTo(0.37f));
        given().header("X-API-Key", "dev-user-key").get("/api/v1/training-jobs/" + refusedJob).then().statusCode(200)
                .body("refused[0].metrics.labelFidelity", equalTo(0.41f)).body("latest.refusedCandidate.step", equalTo(500));
        WebDriver d = browser();
        try {
            WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
            d.get(root.toString());
            wait.until(x -> {
                x.navigate().refresh();
                return x.findElement(By.id("models")).getText().contains("ui-model");
            });
            screenshot(d, "01-models");
            String gain = d.findElement(By.cssSelector("#models div[data-model='ui-model'] tr[data-version='1'] td.gain")).getText();
            assertEquals("+1.8 ± 0.4 pts", gain);

            // the refused candidate: in the model's panel with its figures and reason, and in the jobs list
            String refusedRow = "#models div[data-model='ui-model'] table.refused tr[data-refused-job='" + refusedJob + "']";
            wait.until(x -> !x.findElements(By.cssSelector(refusedRow)).isEmpty());
            String row = d.findElement(By.cssSelector(refusedRow)).getText();
            assertTrue(row.contains("step 500") && row.contains("refused") && row.contains("41.0 %") && row.contains("37.0 %")
                    && row.contains("label fidelity 0.4100 < required 0.8000"), row);
            wait.until(x -> x.findElement(By.id("jobs")).getText().contains(refusedJob));
            String line = d.findElement(By.cssSelector("#jobs li[data-job='" + refusedJob + "']")).getText();
            assertTrue(line.contains("refused at step 500: label fidelity 0.4100 < required 0.8000"), line);
            screenshot(d, "01b-refused");

            new Select(d.findElement(By.id("ex-model"))).selectByValue("ui-model");
            d.findElement(By.id("ex-count")).clear();
            d.findElement(By.id("ex-count")).sendKeys("20");
            d.findElement(By.id("ex-seed")).sendKeys("3");
            d.findElement(By.id("ex-generate")).click();
            wait.until(x -> (Boolean) ((JavascriptExecutor) x).executeScript(
                    "const i = document.getElementById('ex-grid'); return !i.hidden && i.complete && i.naturalWidth > 0;"));
            long width = (Long) ((JavascriptExecutor) d).executeScript("return document.getElementById('ex-grid').naturalWidth;");
            assertEquals(10 * 58 + 2, width, "a 10-column grid of 28×28 samples drawn 2×");
            assertTrue(d.findElement(By.id("ex-info")).getText().contains("20 samples from ui-model v1"));
            screenshot(d, "02-samples");

            wait.until(x -> x.findElement(By.id("jobs")).getText().contains(jobId));
            d.findElement(By.cssSelector("#jobs li[data-job='" + jobId + "']")).click();
            wait.until(x -> x.findElement(By.id("loss-caption")).getText().contains("DONE at step 1000/1000"));
            long inked = (Long) ((JavascriptExecutor) d).executeScript(
                    "const c = document.getElementById('loss-chart'); const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + "let n = 0; for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i + 2] > 200 && px[i] < 80) n++; return n;");
            assertTrue(inked > 200, "the blue D-loss curve is drawn: " + inked + " pixels");
            screenshot(d, "03-loss-curve");

            // version actions: make an older version live, retire one; never offered for the newest nor the live one
            try (var pub = new TestModelPublisher(bootstrap)) {
                pub.publish("ui-model", 2, 0.3f);
                pub.publish("ui-model", 3, 0.6f);
            }
            String rows = "#models div[data-model='ui-model'] tr[data-version='%d']";
            wait.until(x -> {
                x.navigate().refresh();
                return !x.findElements(By.cssSelector(rows.formatted(3))).isEmpty();
            });
            assertTrue(d.findElement(By.cssSelector(rows.formatted(3))).findElements(By.tagName("button")).isEmpty(), "the newest, live: no action");
            d.findElement(By.cssSelector(rows.formatted(1))).findElement(By.xpath(".//button[text()='Make live']")).click();
            wait.until(x -> !x.findElements(By.cssSelector(rows.formatted(1) + " .badge.live")).isEmpty());
            assertTrue(d.findElement(By.cssSelector(rows.formatted(1))).findElements(By.xpath(".//button[text()='Retire']")).isEmpty(),
                    "the version pinned live cannot be retired");
            d.findElement(By.cssSelector(rows.formatted(2))).findElement(By.xpath(".//button[text()='Retire']")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(x -> x.findElements(By.cssSelector(rows.formatted(2))).isEmpty());
            assertTrue(d.findElement(By.id("status")).getText().startsWith("Retire: done"), d.findElement(By.id("status")).getText());
            screenshot(d, "04-version-actions");

            List<LogEntry> severe = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertTrue(severe.isEmpty(), "console errors: " + severe);

            aRefusedKeyClearsWhatTheFormerKeyShowed(d, wait, jobId);
        } finally {
            d.quit();
        }
    }

    /** Once the page shows models, samples and a loss curve: a wrong key leaves none of them, says why, and a valid key brings them back. */
    private void aRefusedKeyClearsWhatTheFormerKeyShowed(WebDriver d, WebDriverWait wait, String jobId) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) d;
        new Select(d.findElement(By.id("ex-model"))).selectByValue("ui-model");
        d.findElement(By.id("ex-generate")).click();
        wait.until(x -> (Boolean) js.executeScript("const i = document.getElementById('ex-grid'); return !i.hidden && i.complete && i.naturalWidth > 0;"));
        d.findElement(By.cssSelector("#jobs li[data-job='" + jobId + "']")).click();
        wait.until(x -> x.findElement(By.id("loss-caption")).getText().contains("DONE at step 1000/1000"));
        assertTrue(d.findElement(By.id("models")).getText().contains("ui-model") && inkedPixels(d) > 0, "the page shows what the admin key may see");

        WebElement key = d.findElement(By.id("api-key"));
        key.clear();
        key.sendKeys("not-a-key", Keys.TAB); // 'change' fires on leaving the field
        wait.until(x -> x.findElement(By.id("key-refused")).isDisplayed()
                && x.findElement(By.id("key-refused")).getText().contains("401: unknown API key"));
        assertEquals("", d.findElement(By.id("models")).getText(), "no model of the former key");
        assertTrue(d.findElements(By.cssSelector("img.thumb")).isEmpty(), "no preview of the former key");
        assertEquals(true, js.executeScript("const i = document.getElementById('ex-grid'); return i.hidden && !i.getAttribute('src');"),
                "no sample grid of the former key");
        assertEquals(0, d.findElements(By.cssSelector("#jobs li")).size(), "no job of the former key");
        assertEquals(0, inkedPixels(d), "no loss curve of the former key");
        assertEquals(0, d.findElements(By.cssSelector("#ex-model option")).size(), "no model to choose");
        assertTrue(d.findElement(By.id("status")).getText().contains("API key refused (401)"), d.findElement(By.id("status")).getText());
        Thread.sleep(5_500); // the jobs list polls every 5 s: it must not fill the page again with the refused key
        assertEquals(0, d.findElements(By.cssSelector("#jobs li")).size(), "the poll shows nothing either");
        screenshot(d, "05-key-refused");

        key.clear();
        key.sendKeys("dev-user-key", Keys.TAB);
        wait.until(x -> x.findElement(By.id("models")).getText().contains("ui-model"));
        assertTrue(!d.findElement(By.id("key-refused")).isDisplayed(), "the message goes once a key is accepted");
    }

    /** Pixels of the chart drawn in any colour: the axes and both curves, none on a blank canvas. */
    private static long inkedPixels(WebDriver d) {
        return (Long) ((JavascriptExecutor) d).executeScript(
                "const c = document.getElementById('loss-chart'); const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n;");
    }

    /** A preview thumbnail is 64 px high, a digit of its 10×10 grid ~6 px: a click opens the grid at full size or more, sharp. */
    @Test
    void aPreviewThumbnailOpensItsGridAtAReadableSize() throws Exception {
        List<int[]> samples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int[] px = new int[28 * 28];
            Arrays.fill(px, 40 + (i * 37) % 200);
            samples.add(px);
        }
        try (var pub = new TestModelPublisher(bootstrap)) {
            pub.publishWithPreview("ui-preview", 1, SampleGrids.png(samples, 28, 28, 10));
        }
        WebDriver d = browser();
        try {
            WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
            JavascriptExecutor js = (JavascriptExecutor) d;
            String thumb = "#models div[data-model='ui-preview'] tr[data-version='1'] img.thumb";
            d.get(root.toString());
            wait.until(x -> {
                x.navigate().refresh();
                return !x.findElements(By.cssSelector(thumb)).isEmpty();
            });
            wait.until(x -> (Boolean) js.executeScript("const i = document.querySelector(arguments[0]); return i.complete && i.naturalWidth > 0;", thumb));
            assertEquals(64, d.findElement(By.cssSelector(thumb)).getSize().getHeight());
            d.findElement(By.cssSelector(thumb)).click();
            wait.until(x -> (Boolean) js.executeScript("const i = document.getElementById('preview-full');"
                    + " return document.getElementById('preview-dialog').open && i.complete && i.naturalWidth > 0 && i.style.width !== '';"));
            @SuppressWarnings("unchecked")
            Map<String, Object> shown = (Map<String, Object>) js.executeScript("const i = document.getElementById('preview-full');"
                    + " return {natural: i.naturalWidth, width: i.getBoundingClientRect().width, rendering: getComputedStyle(i).imageRendering};");
            assertEquals(10 * 58 + 2L, shown.get("natural"), "the trainer's grid: 10 samples of 28 px drawn 2×, per row");
            assertTrue(((Number) shown.get("width")).doubleValue() >= 10 * 58 + 2, "every digit at least 56 px wide: " + shown);
            assertEquals("pixelated", shown.get("rendering"));
            assertTrue(d.findElement(By.id("preview-title")).getText().contains("ui-preview v1"), d.findElement(By.id("preview-title")).getText());
            screenshot(d, "06-preview-enlarged");
            new Actions(d).sendKeys(Keys.ESCAPE).perform();
            wait.until(x -> Boolean.FALSE.equals(js.executeScript("return document.getElementById('preview-dialog').open;")));
        } finally {
            d.quit();
        }
    }
}
