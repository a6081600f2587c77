package io.synthstream.trainer.cli;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.events.TrainingProgress.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each training job stands, read once from the training topics: what {@code models} tells a user who finds
 * no version published yet — usually minutes after {@code ./synthstream up}, while its bootstrap job trains.
 */
final class TrainingJobStates {
    private TrainingJobStates() {
    }

    /** A job as the topics show it: its latest progress (null: none yet) and the latest reason given on the way. */
    record JobState(String jobId, TrainingProgress latest, String lastReason) {
        boolean ended() {
            return latest != null && (latest.state() == State.DONE || latest.state() == State.FAILED);
        }
    }

    /** Every job requested or reported on the training topics, in the order they first appear. */
    static List<JobState> read(KafkaConnection kafka) {
        Map<String, JobState> jobs = new LinkedHashMap<>();
        ModelTopicSnapshot.readToEnd(kafka, List.of(Topics.TRAINING_JOBS), r -> {
            if (r.key() == null || r.value() == null) return;
            try {
                TrainingJobRequested job = EventJson.fromBytes(r.value(), TrainingJobRequested.class);
                jobs.putIfAbsent(job.jobId(), new JobState(job.jobId(), null, null));
            } catch (MalformedEventException notAJob) {
                // the trainer skips it too: no job will report on it
            }
        });
        ModelTopicSnapshot.readToEnd(kafka, List.of(Topics.TRAINING_PROGRESS), r -> {
            if (r.key() == null || r.value() == null) return;
            try {
                TrainingProgress p = EventJson.fromBytes(r.value(), TrainingProgress.class);
                JobState before = jobs.get(p.jobId());
                String reason = p.reason() != null ? p.reason() : before == null ? null : before.lastReason();
                jobs.put(p.jobId(), new JobState(p.jobId(), p, reason));
            } catch (MalformedEventException ignored) {
                // not a progress event of this version of the contracts
            }
        });
        return new ArrayList<>(jobs.values());
    }

    /** What to tell a user when no version is published: the jobs that will publish one, else why none did. */
    static String noVersionYet(List<JobState> jobs) {
        List<String> lines = new ArrayList<>();
        jobs.stream().filter(j -> !j.ended()).forEach(j -> lines.add(
                "no model published yet; " + inFlight(j) + " — follow it with ./synthstream follow " + j.jobId()));
        if (!lines.isEmpty()) return String.join("\n", lines);
        String start = " — start one with ./synthstream submit --dataset mnist --follow";
        if (jobs.isEmpty()) return "no model published yet and no training job requested" + start;
        JobState last = jobs.get(jobs.size() - 1);
        TrainingProgress p = last.latest();
        if (p.state() == State.FAILED) return "no model published yet; the last training job, " + last.jobId() + ", failed: " + p.reason() + start;
        if (p.publishedVersion() != null) {
            return "no model published now; the last training job, " + last.jobId() + ", published " + p.modelName() + " v" + p.publishedVersion()
                    + ", since retired" + start;
        }
        return "no model published yet; the last training job, " + last.jobId() + ", ended without publishing a version"
                + (last.lastReason() == null ? "" : " (" + last.lastReason() + ")") + start;
    }

    private static String inFlight(JobState j) {
        TrainingProgress p = j.latest();
        if (p == null || p.state() == State.QUEUED) return "training job " + j.jobId() + " is waiting for the trainer";
        String at = " (step " + p.step() + " of " + p.totalSteps() + ")";
        if (p.state() == State.PUBLISHING) return "training job " + j.jobId() + " is checking a version to publish" + at;
        return "training job " + j.jobId() + " is training" + at;
    }
}
