package io.synthstream.generator.requests;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Whether a reply topic exists. Writing to a missing topic would block the transaction until it
 * times out and then retry the batch forever, so such requests are dead-lettered instead. Topics
 * found are remembered; missing ones are asked about again each time.
 */
public final class ReplyTopics implements Predicate<String>, AutoCloseable {
    private final Admin admin;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public ReplyTopics(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Override
    public boolean test(String topic) {
        if (known.contains(topic)) return true;
        try {
            boolean exists = admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
            if (exists) known.add(topic);
            return exists;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics: " + e.getMessage(), e); // retried with the batch
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
