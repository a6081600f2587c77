package io.synthstream.trainer.cli;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.rollout.LiveVersionRule;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Every version still published, per model, with the one that answers unpinned requests as the generators
 * decide it (the version the rollout pins live if published, else the newest) and a canary's share. With none
 * published, where the training jobs stand (exit 3).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List every published version of each model: live and canary, creation time, quality metrics.")
final class ListModels implements Callable<Integer> {
    @Mixin
    KafkaOptions kafkaOptions;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KafkaConnection kafka = kafkaOptions.connection();
        TopicProvisioner.ensure(kafka);
        PrintWriter out = spec.commandLine().getOut();
        var all = shown(ModelTopicSnapshot.all(kafka));
        if (all.isEmpty()) {
            // exit 3 tells scripts (./synthstream up, CI) "none yet"; a person is told why and what to watch
            spec.commandLine().getErr().println(TrainingJobStates.noVersionYet(TrainingJobStates.read(kafka)));
            return 3;
        }
        var rollouts = ModelTopicSnapshot.rollouts(kafka);
        int width = all.values().stream().flatMap(v -> v.values().stream()).mapToInt(e -> name(e).length()).max().orElse(0);
        all.forEach((model, versions) -> versions.values().forEach(e -> out.println(line(e, versions, rollouts.get(model), width))));
        out.flush();
        return 0;
    }

    /** The models a user may choose from: benchmark copies ({@link ModelVersionPublished#BENCH_MODEL_PREFIX}) left out. */
    static Map<String, TreeMap<Long, ModelVersionPublished>> shown(Map<String, TreeMap<Long, ModelVersionPublished>> all) {
        Map<String, TreeMap<Long, ModelVersionPublished>> out = new java.util.TreeMap<>(all);
        out.keySet().removeIf(ModelVersionPublished::isBenchModel);
        return out;
    }

    private static String name(ModelVersionPublished e) {
        return e.modelName() + " v" + e.version();
    }

    static String line(ModelVersionPublished e, TreeMap<Long, ModelVersionPublished> versions, ModelRolloutChanged policy, int width) {
        long newest = versions.lastKey();
        long live = LiveVersionRule.live(policy, versions).orElseThrow();
        String role = e.version() == live ? (LiveVersionRule.pinned(policy) != null ? "live (pinned)" : "live")
                : policy != null && policy.canary() && e.version() == newest ? String.format(Locale.ROOT, "canary %.0f %%", policy.share() * 100) : "";
        var m = e.metrics();
        boolean int8 = e.contract() != null && TrainingJobRequested.PRECISION_INT8.equals(e.contract().precisionOrDefault());
        return String.format(Locale.ROOT, "%-" + width + "s  %-13s  %s  %-22s  label fidelity %s  TSTR %s  steps %s", name(e), role,
                e.createdAt() == null ? "n/a" : e.createdAt().truncatedTo(ChronoUnit.SECONDS), e.architecture() + (int8 ? " int8" : ""), m == null || m.labelFidelity() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", m.labelFidelity()),
                m == null || m.tstrAccuracy() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", m.tstrAccuracy()),
                m == null ? "n/a" : m.trainingSteps());
    }
}
