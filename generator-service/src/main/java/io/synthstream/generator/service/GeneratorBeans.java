package io.synthstream.generator.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.generator.exactlyonce.Coalescing;
import io.synthstream.generator.exactlyonce.TransactionalRequestLoop;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.InferenceDevice;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.models.ModelVersionFollower;
import io.synthstream.generator.requests.DynamicBatcher;
import io.synthstream.generator.requests.OutputTopics;
import io.synthstream.generator.requests.RequestPlanner;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

/** Wires the model-serving pieces (plain Java) into the service and runs the model follower thread. */
@ApplicationScoped
public class GeneratorBeans {
    private static final Logger LOG = Logger.getLogger(GeneratorBeans.class);

    static {
        // before DJL loads: never download anything, no telemetry
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
    }

    /** Every kafka.* setting (bootstrap servers, security…): the plain clients connect as Quarkus's own would. */
    @Produces
    @Singleton
    KafkaConnection kafka(@Identifier("default-kafka-broker") Map<String, Object> kafkaSettings) {
        return KafkaConnection.of(kafkaSettings);
    }

    private ModelVersionFollower follower;
    private Thread requestThread;

    @Produces
    @Singleton
    InferenceDevice device(GeneratorConfig config) {
        InferenceDevice device = InferenceDevice.choose(config.device());
        LOG.logf(device.gpuBuildOnCpu() ? Logger.Level.WARN : Logger.Level.INFO, "inference device: %s (setting '%s': %s)", device.device(), config.device(),
                device.reason());
        return device;
    }

    @Produces
    @Singleton
    GeneratorLoader loader(GeneratorConfig config, InferenceDevice device) {
        return new GeneratorLoader(device.device(), config.workDir(), config.intraOpThreads(), config.gpuReproducible());
    }

    @Produces
    @Singleton
    ModelRegistry registry(GeneratorConfig config, GeneratorMetrics metrics) {
        return new ModelRegistry(config.keepVersions(), g -> {
            metrics.swapped(g.modelName(), g.version());
            LOG.infof("%s v%d is live", g.modelName(), g.version());
        });
    }

    @Produces
    @Singleton
    RequestPlanner planner(ModelRegistry registry, GeneratorConfig config, OutputTopics outputTopics) {
        return new RequestPlanner(registry, config.maxCount(), config.maxRequestBytes().asLongValue(), outputTopics);
    }

    @Produces
    @Singleton
    OutputTopics outputTopics(KafkaConnection kafka, GeneratorConfig config) {
        return new OutputTopics(kafka, Integer.parseInt(config.samplesProducer().getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576")),
                config.topicLimitsTtl());
    }

    void closeOutputTopics(@jakarta.enterprise.inject.Disposes OutputTopics topics) {
        topics.close();
    }

    @Produces
    @Singleton
    DynamicBatcher batcher(GeneratorConfig config, GeneratorMetrics metrics) {
        return new DynamicBatcher(config.maxBatch(), config.samplesPerRecord(), metrics::batch);
    }

    @Produces
    @Singleton
    ModelVersionFollower follower(KafkaConnection kafka, GeneratorLoader loader, ModelRegistry registry, GeneratorConfig config, GeneratorMetrics metrics,
                                  MeterRegistry meters) {
        meters.gauge("synthstream.generator.loaded.versions", registry, ModelRegistry::loadedCount);
        return new ModelVersionFollower(kafka, loader, registry, config.keepVersions(), new ModelVersionFollower.Listener() {
            @Override
            public void refused(String versionKey, String reason) {
                metrics.refused();
            }

            @Override
            public void caughtUp() {
                LOG.infof("serving %s", registry.loadedVersions());
            }
        });
    }

    @Produces
    @Singleton
    TransactionalRequestLoop requestLoop(KafkaConnection kafka, GeneratorConfig config, ModelVersionFollower follower, ModelRegistry registry,
                                         GenerationRequestProcessor processor) {
        return new TransactionalRequestLoop(kafka, Topics.GENERATE_REQUESTS, "synthstream-generator-" + config.instanceId(), config.requestsConsumer(),
                config.samplesProducer(), new Coalescing(config.maxWait(), config.maxBatch(), processor::samplesRequested,
                        config.maxTransactionBytes().asLongValue(), processor::answerBytes),
                () -> follower.isCaughtUp() && !registry.isEmpty(), processor);
    }

    void start(@Observes @Priority(1) StartupEvent ev, KafkaConnection kafka, ModelVersionFollower follower,
               TransactionalRequestLoop requests) {
        MissingReplyTopicWarnings.install();
        var created = TopicProvisioner.ensure(kafka);
        if (!created.isEmpty()) LOG.infof("created topics %s", created);
        this.follower = follower;
        Thread t = new Thread(follower, "model-version-follower");
        t.setDaemon(true);
        t.start();
        requestThread = new Thread(requests, "generation-requests");
        requestThread.start();
    }

    void stop(@Observes ShutdownEvent ev, ModelRegistry registry, TransactionalRequestLoop requests) throws InterruptedException {
        requests.close();
        if (requestThread != null) requestThread.join(30_000); // the transaction in progress finishes on loaded sessions
        if (follower != null) follower.close();
        registry.clear();
    }
}
