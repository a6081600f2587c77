package io.synthstream.trainer.cli;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.artifacts.RetirementPlan;
import io.synthstream.contracts.artifacts.VersionRecords;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Retires old versions of a model: tombstones for their event and every chunk, in one transaction (docs/events.md).
 * Running generators stop serving them and gateways stop listing them; instances that start later never load
 * them; compaction frees their bytes. The model topics are compacted, so without this they keep every version
 * for ever and every generator replays all of them at start.
 */
@Command(name = "retire", mixinStandardHelpOptions = true,
        description = "Retire old versions of a model from the model topics (never the newest, never the rollout's pinned live one).")
final class RetireVersions implements Callable<Integer> {
    @Mixin
    KafkaOptions kafkaOptions;
    @Option(names = "--model", required = true, description = "Model name.")
    String model;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;
    @Option(names = "--dry-run", description = "Print what would be retired and change nothing.")
    boolean dryRun;
    @Spec
    CommandSpec spec;

    static final class Which {
        @Option(names = "--keep", description = "Keep the newest N versions (and a pinned live one); retire the rest.")
        Integer keep;
        @Option(names = "--version", split = ",", description = "Retire these versions (repeatable or comma-separated).")
        List<Long> versions;
    }

    @Override
    public Integer call() {
        KafkaConnection kafka = kafkaOptions.connection();
        TopicProvisioner.ensure(kafka);
        PrintWriter out = spec.commandLine().getOut();
        var published = ModelTopicSnapshot.versions(kafka, model);
        if (published.isEmpty()) throw new IllegalArgumentException("no published versions of '" + model + "' on " + kafka.bootstrapServers());
        Long pinned = ModelTopicSnapshot.rollout(kafka, model).map(ModelRolloutChanged::liveVersion).orElse(null);
        List<ModelVersionPublished> retire = which.keep != null ? RetirementPlan.keepNewest(published, pinned, which.keep)
                : RetirementPlan.chosen(published, pinned, which.versions);
        List<Long> kept = published.keySet().stream().filter(v -> retire.stream().noneMatch(e -> e.version() == v)).toList();
        if (retire.isEmpty()) {
            out.printf("%s: nothing to retire (published: %s%s)%n", model, published.keySet(), pinned == null ? "" : ", pinned live v" + pinned);
            return 0;
        }
        for (ModelVersionPublished e : retire) {
            out.printf("%s %s v%d (created %s, label fidelity %s)%n", dryRun ? "would retire" : "retiring", model, e.version(),
                    e.createdAt(), e.metrics() == null ? "n/a" : e.metrics().labelFidelity());
        }
        if (dryRun) {
            out.printf("dry run: nothing changed; %s would keep %s%n", model, kept);
            return 0;
        }
        VersionRecords.retire(kafka, "retire", retire);
        out.printf("retired %d version(s) of %s; published now: %s%n", retire.size(), model, kept);
        return 0;
    }
}
