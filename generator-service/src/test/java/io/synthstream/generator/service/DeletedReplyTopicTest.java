package io.synthstream.generator.service;

import static io.synthstream.generator.service.KafkaIO.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A client deletes its reply topic (the broker, as deployed, does not create it again): the requests that name it are
 * dead-lettered with that reason, also one already taken for an answer when the topic went, the requests behind them
 * are answered, and the log says so a bounded number of times rather than once a second for minutes.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class DeletedReplyTopicTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ModelRegistry registry;

    /** Every log line, of any logger, that names the topic. */
    static final class LinesNaming extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final String topic;

        LinesNaming(String topic) {
            this.topic = topic;
        }

        @Override
        public void publish(LogRecord r) {
            String message = r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
            String thrown = r.getThrown() == null ? "" : " " + r.getThrown();
            if ((message + thrown).contains(topic)) lines.add(r.getLevel() + " " + r.getLoggerName() + ": " + message + thrown);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void requestsForADeletedReplyTopicAreDeadLetteredAndTheLogSaysItOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String reply = Topics.REPLY_TOPIC_PREFIX + "deleted-" + run;
        // request ids of this run only: other tests read the samples topic from its beginning too
        String before = "before-" + run, inFlight = "in-flight-" + run, behind = "behind-deleted-" + run, later = "later-" + run;
        var log = new LinesNaming(reply);
        Logger root = Logger.getLogger("");
        root.addHandler(log);
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap)); var pub = new TestModelPublisher(bootstrap);
             var io = new KafkaIO(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(reply, 1, (short) 1))).all().get();
            pub.publish("m-deleted", 1, 0f);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (registry.liveVersion("m-deleted").isEmpty()) {
                if (System.nanoTime() > deadline) throw new AssertionError("m-deleted never went live");
                Thread.sleep(50);
            }
            io.request(request(before, reply));
            io.flush();
            assertEquals(1, io.answers(reply, List.of(before), TIMEOUT).size(), "answered while the topic exists");

            admin.deleteTopics(List.of(reply)).all().get();
            while (exists(admin, reply)) Thread.sleep(50);
            long deleted = System.nanoTime();
            // at once: the generator still knows the topic (its partition count for topic-limits-ttl, its producer's metadata)
            io.request(request(inFlight, reply));
            io.request(request(behind, null));
            io.flush();

            // Kafka's max.block.ms (60 s) held it and the requests behind it for a minute; now the generator's 5 s, then the retry
            var dead = io.read(Topics.GENERATE_DLQ, inFlight::equals, rs -> !rs.isEmpty(), Duration.ofSeconds(45));
            assertEquals("reply topic '" + reply + "' does not exist", header(dead.get(0), "synthstream-dlq-reason"));
            assertEquals(1, io.answers(Topics.GENERATE_SAMPLES, List.of(behind), TIMEOUT).size(), "the request behind it is answered");
            System.out.printf("in-flight request dead-lettered and the one behind it answered %.1f s after the deletion%n",
                    (System.nanoTime() - deleted) / 1e9);

            // the producer's metadata would go on asking for the topic (and Kafka's client warn about it each time)
            Thread.sleep(12_000);
            io.request(request(later, reply));
            io.flush();
            var laterDead = io.read(Topics.GENERATE_DLQ, later::equals, rs -> !rs.isEmpty(), TIMEOUT);
            assertEquals("reply topic '" + reply + "' does not exist", header(laterDead.get(0), "synthstream-dlq-reason"));
            System.out.println("log lines naming " + reply + ":\n  " + String.join("\n  ", log.lines));
            assertTrue(log.lines.size() <= 3, log.lines.size() + " log lines: " + log.lines);
        } finally {
            root.removeHandler(log);
        }
    }

    private static GenerationRequested request(String id, String replyTo) {
        return new GenerationRequested(id, "m-deleted", null, 3, null, null, 1L, "uint8", replyTo);
    }

    private static boolean exists(Admin admin, String topic) throws InterruptedException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return false;
            throw new AssertionError(e);
        }
    }
}
