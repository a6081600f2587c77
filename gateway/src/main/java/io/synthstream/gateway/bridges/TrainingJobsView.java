package io.synthstream.gateway.bridges;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Training jobs and their progress, rebuilt from the job and progress topics at start and followed live. */
@ApplicationScoped
public class TrainingJobsView {
    public record Job(TrainingJobRequested request, List<TrainingProgress> progress) {
        public TrainingProgress.State state() {
            return progress.isEmpty() ? TrainingProgress.State.QUEUED : progress.get(progress.size() - 1).state();
        }

        /** The events that report a candidate the quality gate refused, oldest first. */
        public List<TrainingProgress> refusals() {
            return progress.stream().filter(p -> p.refusedCandidate() != null).toList();
        }
    }

    private final Map<String, TrainingJobRequested> requests = new ConcurrentHashMap<>();
    private final Map<String, List<TrainingProgress>> progress = new ConcurrentHashMap<>();
    private final List<Consumer<TrainingProgress>> listeners = new CopyOnWriteArrayList<>();

    @Incoming("jobs-in")
    public void job(ConsumerRecord<String, byte[]> r) {
        try {
            TrainingJobRequested j = EventJson.fromBytes(r.value(), TrainingJobRequested.class);
            if (j.jobId() != null) requests.put(j.jobId(), j);
        } catch (MalformedEventException ignored) {
            // the trainer reports it as a FAILED progress event under the record key
        }
    }

    @Incoming("progress-in")
    public void progress(ConsumerRecord<String, byte[]> r) {
        try {
            TrainingProgress p = EventJson.fromBytes(r.value(), TrainingProgress.class);
            progress.computeIfAbsent(p.jobId(), k -> new CopyOnWriteArrayList<>()).add(p);
            listeners.forEach(l -> l.accept(p));
        } catch (MalformedEventException ignored) {
            // nothing sensible to show
        }
    }

    public Optional<Job> job(String id) {
        TrainingJobRequested r = requests.get(id);
        List<TrainingProgress> p = progress.get(id);
        if (r == null && p == null) return Optional.empty();
        return Optional.of(new Job(r, p == null ? List.of() : new ArrayList<>(p)));
    }

    public List<Job> jobs() {
        var ids = new java.util.TreeSet<String>(requests.keySet());
        ids.addAll(progress.keySet());
        return ids.stream().map(this::job).flatMap(Optional::stream).toList();
    }

    /** Every refusal of a candidate of this model, oldest first: what the gate kept from going live, and why. */
    public List<TrainingProgress> refusals(String model) {
        return progress.values().stream().flatMap(List::stream)
                .filter(p -> p.refusedCandidate() != null && model.equals(p.modelName()))
                .sorted(java.util.Comparator.comparing(TrainingProgress::at, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .toList();
    }

    public void listen(Consumer<TrainingProgress> l) {
        listeners.add(l);
    }

    public void unlisten(Consumer<TrainingProgress> l) {
        listeners.remove(l);
    }
}
