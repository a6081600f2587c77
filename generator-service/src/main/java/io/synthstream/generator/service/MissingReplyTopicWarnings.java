package io.synthstream.generator.service;

import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.generator.requests.OncePerTopic;
import io.synthstream.generator.requests.OutputTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Kafka's producer warns each time it asks the broker about a topic that is gone: every metadata refresh (about once a
 * second, for metadata.max.idle.ms after the last send there: 5 min) and every retried send. For a reply topic a client
 * deleted, that is handled here — its requests are dead-lettered ({@link OutputTopics}, which says so itself) — so of
 * those warnings one per topic per {@link OutputTopics#MISSING_TOPIC_LOG_BACKOFF} is let through. Warnings that name
 * any other topic, or another error, pass unchanged.
 */
final class MissingReplyTopicWarnings implements Filter {
    /** The producer's loggers that write them; held here so that their filter stays (JUL keeps loggers weakly). */
    private static final List<Logger> FILTERED = new ArrayList<>();
    /** NetworkClient: "... recoverable issue with correlation id 7 : {replies.x=UNKNOWN_TOPIC_OR_PARTITION, …}" */
    private static final Pattern METADATA_ERROR = Pattern.compile("([^\\s{},=]+)=(\\w+)");
    /** Sender: "... on topic-partition replies.x-0, retrying … Error: UNKNOWN_TOPIC_ID", "... on partition replies.x-0 due to …" */
    private static final Pattern PRODUCE_ERROR = Pattern.compile("(?:topic-partition|on partition) (\\S+)-\\d+[ ,]");

    private final OncePerTopic told = new OncePerTopic(OutputTopics.MISSING_TOPIC_LOG_BACKOFF);

    /** Filters the producer's loggers of this JVM. */
    static synchronized void install() {
        if (!FILTERED.isEmpty()) return;
        var filter = new MissingReplyTopicWarnings();
        for (String name : List.of("org.apache.kafka.clients.NetworkClient", "org.apache.kafka.clients.producer.internals.Sender")) {
            Logger logger = Logger.getLogger(name);
            logger.setFilter(filter);
            FILTERED.add(logger);
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord e ? e.getFormattedMessage() : record.getMessage();
        if (message == null || !(message.contains("UNKNOWN_TOPIC") || message.contains("UnknownTopic"))) return true;
        List<String> topics = topics(message);
        if (topics.isEmpty() || !topics.stream().allMatch(GenerationRequested::isReplyTopic)) return true;
        boolean any = false;
        for (String topic : topics) any |= told.first(topic);
        return any;
    }

    /** The topics a warning names (the metadata errors' keys, or the partition a produce failed on). */
    static List<String> topics(String message) {
        List<String> out = new ArrayList<>();
        int brace = message.lastIndexOf('{');
        if (brace >= 0 && message.contains("metadata response")) {
            Matcher m = METADATA_ERROR.matcher(message.substring(brace));
            while (m.find()) {
                if (!m.group(2).startsWith("UNKNOWN_TOPIC")) return List.of(); // another error is news: let it through
                out.add(m.group(1));
            }
            return out;
        }
        Matcher m = PRODUCE_ERROR.matcher(message);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
