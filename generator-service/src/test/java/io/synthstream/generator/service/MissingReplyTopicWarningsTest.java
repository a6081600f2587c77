package io.synthstream.generator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The producer's warnings as Kafka 4.2 writes them: repeats about a deleted reply topic are held back, others pass. */
class MissingReplyTopicWarningsTest {
    static final String PREFIX = "[Producer clientId=producer-g, transactionalId=g] ";
    static final String METADATA = PREFIX + "The metadata response from the cluster reported a recoverable issue with correlation id %d : {%s}";
    static final String PRODUCE = PREFIX + "Got error produce response with correlation id 13 on topic-partition %s-0, retrying "
            + "(2147483646 attempts left). Error: UNKNOWN_TOPIC_ID";
    static final String INVALID = PREFIX + "Received invalid metadata error in produce request on partition %s-0 due to "
            + "org.apache.kafka.common.errors.UnknownTopicIdException: This server does not host this topic ID. Going to request metadata update now";

    static LogRecord warning(String message) {
        return new LogRecord(Level.WARNING, message);
    }

    @Test
    void theTopicsAWarningNamesAreRead() {
        assertEquals(List.of("synthstream.generate.replies.gw-1"), MissingReplyTopicWarnings.topics(String.format(PRODUCE, "synthstream.generate.replies.gw-1")));
        assertEquals(List.of("synthstream.generate.replies.gw-1"), MissingReplyTopicWarnings.topics(String.format(INVALID, "synthstream.generate.replies.gw-1")));
        assertEquals(List.of("synthstream.generate.replies.a", "synthstream.generate.replies.b-2"), MissingReplyTopicWarnings.topics(
                String.format(METADATA, 7, "synthstream.generate.replies.a=UNKNOWN_TOPIC_OR_PARTITION, synthstream.generate.replies.b-2=UNKNOWN_TOPIC_OR_PARTITION")));
        assertEquals(List.of(), MissingReplyTopicWarnings.topics(String.format(METADATA, 7,
                "synthstream.generate.replies.a=UNKNOWN_TOPIC_OR_PARTITION, synthstream.generate.samples=LEADER_NOT_AVAILABLE")), "another error is news");
    }

    @Test
    void aDeletedReplyTopicIsWarnedAboutOnceAndEverythingElseAsOftenAsKafkaSaysIt() {
        var filter = new MissingReplyTopicWarnings();
        String gone = "synthstream.generate.replies.gone";
        assertTrue(filter.isLoggable(warning(String.format(PRODUCE, gone))), "the first one passes");
        assertFalse(filter.isLoggable(warning(String.format(INVALID, gone))));
        for (int id = 1; id < 300; id++) {
            assertFalse(filter.isLoggable(warning(String.format(METADATA, id, gone + "=UNKNOWN_TOPIC_OR_PARTITION"))), "repeat " + id);
        }
        assertTrue(filter.isLoggable(warning(String.format(METADATA, 300, "synthstream.generate.replies.other=UNKNOWN_TOPIC_OR_PARTITION"))),
                "another reply topic has its own first warning");
        for (int i = 0; i < 3; i++) {
            assertTrue(filter.isLoggable(warning(String.format(METADATA, 400 + i, "synthstream.generate.samples=UNKNOWN_TOPIC_OR_PARTITION"))),
                    "the samples topic missing is not a client's doing: every warning passes");
            assertTrue(filter.isLoggable(warning(PREFIX + "Connection to node 1 (/127.0.0.1:9092) could not be established. Node may not be available.")));
        }
    }
}
