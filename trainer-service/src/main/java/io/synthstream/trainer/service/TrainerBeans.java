package io.synthstream.trainer.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.trainer.evaluation.AugmentationGainMeter;
import io.synthstream.trainer.evaluation.QualityFloor;
import io.synthstream.trainer.evaluation.QualityGate;
import io.synthstream.trainer.evaluation.tabular.TabularQualityGate;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.jobs.TrainerSettings;
import io.synthstream.trainer.jobs.TrainingJobRunner;
import io.synthstream.trainer.publish.KafkaVersionPublisher;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.jboss.logging.Logger;

/** Wires the plain-Java training pipeline into the Quarkus service. */
@ApplicationScoped
public class TrainerBeans {
    private static final Logger LOG = Logger.getLogger(TrainerBeans.class);

    /** Every kafka.* setting (bootstrap servers, security…): the plain clients connect as the channels do. */
    @Produces
    @Singleton
    KafkaConnection kafka(@Identifier("default-kafka-broker") Map<String, Object> kafkaSettings) {
        return KafkaConnection.of(kafkaSettings);
    }

    void createTopics(@Observes @Priority(1) StartupEvent ev, KafkaConnection kafka) {
        var created = TopicProvisioner.ensure(kafka);
        if (!created.isEmpty()) LOG.infof("created topics %s", created);
    }

    @Produces
    @Singleton
    KafkaVersionPublisher publisher(KafkaConnection kafka, TrainerConfig config) {
        return new KafkaVersionPublisher(kafka, config.transactionalId(), settings(config).modelsDir());
    }

    void closePublisher(@Disposes KafkaVersionPublisher publisher) {
        publisher.close();
    }

    @Produces
    @Singleton
    TrainingJobRunner runner(TrainerConfig config, KafkaVersionPublisher publisher) {
        DjlRuntime.configure(config.djlCacheDir());
        return new TrainingJobRunner(settings(config), publisher);
    }

    void closeRunner(@Disposes TrainingJobRunner runner) {
        runner.close();
    }

    static TrainerSettings settings(TrainerConfig c) {
        var d = AugmentationGainMeter.Settings.DEFAULT;
        var gain = c.augmentationGainSeeds() <= 0 ? null : new AugmentationGainMeter.Settings(c.augmentationGainSeeds(),
                c.augmentationGainSteps(), d.batch(), d.syntheticShare(), d.samplesPerClass(), d.validationShare());
        // gate-enabled=false opens both gates: a table job is held to the same switch as an image job
        return new TrainerSettings(c.dataDir(), c.workDir(), c.checkpointEverySteps(), c.referenceEpochs(), gate(c), c.tstrSamples(),
                c.tstrEpochs(), gain, c.gateEnabled() ? TabularQualityGate.DEFAULT : TabularQualityGate.OPEN);
    }

    static QualityGate gate(TrainerConfig c) {
        if (!c.gateEnabled()) return QualityGate.OPEN;
        return new QualityGate(new QualityFloor(c.gateMinLabelFidelity(), c.gateMinTstrAccuracy()),
                QualityGate.datasetFloors(c.gateMinLabelFidelityMnist(), c.gateMinTstrAccuracyMnist(), c.gateMinLabelFidelityFashionMnist(),
                        c.gateMinTstrAccuracyFashionMnist(), c.gateMinLabelFidelityImages()),
                c.gateMaxFrechetDistance(), c.gateMustBeatLive(), c.gateMinAugmentationGainPoints());
    }
}
