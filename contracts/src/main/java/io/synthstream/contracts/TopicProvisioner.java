package io.synthstream.contracts;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the synthstream topics that do not exist yet, with the specs of {@link Topics#all()}. */
public final class TopicProvisioner {
    private TopicProvisioner() {
    }

    /**
     * Returns the names of the topics it created. Existing topics are left as they are. Replication
     * follows the broker's {@code default.replication.factor}, so a service that wins the race against
     * the cluster's own topic declarations (Strimzi KafkaTopic) does not pin a topic to one replica.
     */
    public static List<String> ensure(KafkaConnection kafka, List<Topics.TopicSpec> specs) {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = specs.stream().filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), java.util.Optional.of(s.partitions()), java.util.Optional.empty())
                            .configs(s.configs())).toList();
            if (missing.isEmpty()) return List.of();
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e; // another service won the race
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create synthstream topics on " + kafka.bootstrapServers() + ": "
                    + (e instanceof TimeoutException ? "no answer within 30 s (is it up? do the security settings — kafka.* or --command-config — match its listener?)" : e.getMessage()), e);
        }
    }

    public static List<String> ensure(KafkaConnection kafka) {
        return ensure(kafka, Topics.all());
    }

    public static List<String> ensure(String bootstrapServers) {
        return ensure(KafkaConnection.of(bootstrapServers));
    }
}
