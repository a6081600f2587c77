package io.synthstream.gateway.bridges;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.gateway.GatewayConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

@ApplicationScoped
public class GatewayBeans {
    /** Longer than a consumer's session timeout (45 s): a reply topic unassigned during a rebalance is assigned again by then. */
    static final Duration SWEEP_RECHECK = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(GatewayBeans.class);

    /**
     * Creates the shared topics and this instance's reply topic before the channels start, connecting with
     * every kafka.* setting (bootstrap servers, security…) as the channels do; then marks the reply topic in use and
     * sweeps the reply topics of gateways that are gone.
     */
    void topics(@Observes @Priority(1) StartupEvent ev, GatewayConfig config,
                @Identifier("default-kafka-broker") Map<String, Object> kafkaSettings) throws Exception {
        KafkaConnection kafka = KafkaConnection.of(kafkaSettings);
        var specs = new ArrayList<>(Topics.all());
        specs.add(replyTopicSpec(config));
        TopicProvisioner.ensure(kafka, specs);
        markStarted(kafka, config);
        if (config.sweepReplyTopics()) sweepInBackground(kafka, config);
    }

    static Topics.TopicSpec replyTopicSpec(GatewayConfig config) {
        return new Topics.TopicSpec(replyTopic(config), Topics.REQUEST_PARTITIONS, Map.of(
                "cleanup.policy", "delete", "retention.ms", String.valueOf(config.replyRetention().toMillis()),
                "max.message.bytes", String.valueOf(Topics.ARTIFACT_MAX_MESSAGE_BYTES)));
    }

    /**
     * One record (no key, no value) in this gateway's reply topic: a gateway topic that never held a record may be one
     * whose gateway is starting, and another gateway's sweep leaves those alone. This gateway skips keyless records.
     */
    private static void markStarted(KafkaConnection kafka, GatewayConfig config) throws Exception {
        try (var producer = new KafkaProducer<>(kafka.clientConfig(Map.of()), new StringSerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<String, byte[]>(replyTopic(config), null, null);
            record.headers().add(SampleHeaders.GATEWAY_STARTED, config.instanceId().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    /** In the background: the sweep looks twice, a minute apart, and must not hold up the start. */
    private static void sweepInBackground(KafkaConnection kafka, GatewayConfig config) {
        Thread sweep = new Thread(() -> {
            try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
                List<String> deleted = new ReplyTopicSweeper(admin, replyTopic(config), config.replyRetention()).sweep(SWEEP_RECHECK);
                if (!deleted.isEmpty()) LOG.infof("deleted the reply topics of gateways that are gone: %s", deleted);
            } catch (Exception e) {
                LOG.warnf("could not sweep the reply topics of gateways that are gone (%s); "
                        + "see docs/operations.md, Scaling, to delete them by hand", e.getMessage());
            }
        }, "reply-topic-sweep");
        sweep.setDaemon(true);
        sweep.start();
    }

    public static String replyTopic(GatewayConfig config) {
        return ReplyTopicSweeper.GATEWAY_REPLY_PREFIX + config.instanceId();
    }

    @Produces
    @Singleton
    GenerationStore generations(GatewayConfig config) {
        return new GenerationStore(config.keepGenerations());
    }
}
