package io.synthstream.gateway.api;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.gateway.bridges.KafkaWriter;
import io.synthstream.gateway.bridges.TrainingJobsView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Training jobs: launch (admin), look at, and follow their progress as server-sent events. */
@Path("/api/v1/training-jobs")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = GatewayApi.API_KEY)
@APIResponse(responseCode = "401", ref = GatewayApi.UNAUTHORIZED)
public class TrainingJobResource {
    /** refused: the candidates the quality gate refused, with their figures and each failed rule (in the list too). */
    public record JobView(String jobId, String state, TrainingJobRequested request, TrainingProgress latest, List<TrainingProgress> progress,
                          List<TrainingProgress.RefusedCandidate> refused) {
    }

    @Inject
    TrainingJobsView jobs;
    @Inject
    KafkaWriter kafka;

    @POST
    @Blocking
    @Operation(summary = "Launch a training job (admin); the body is a TrainingJobRequested, jobId optional",
            description = "dataset: mnist, fashion-mnist, images/<folder>, or a table file under the trainer's data folder (.csv with a "
                    + "header row, or .arff; e.g. weka/credit-g.arff), which needs labelColumn, may declare columnKinds "
                    + "({\"column\": \"NUMERIC\" | \"CATEGORICAL\"}) and trains architecture conditional-tabular.")
    @APIResponse(responseCode = "202", description = "Queued: follow it at /api/v1/training-jobs/{jobId}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = GatewayApi.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = GatewayApi.FORBIDDEN)
    @APIResponse(responseCode = "415", ref = GatewayApi.UNSUPPORTED_MEDIA_TYPE)
    public RestResponse<JobView> create(TrainingJobRequested body) {
        if (body == null) throw ProblemException.badRequest("a JSON body is required: {\"dataset\": \"mnist\", \"steps\": 5000}");
        String id = body.jobId() == null || body.jobId().isBlank() ? "job-" + UUID.randomUUID().toString().substring(0, 8) : body.jobId();
        var job = new TrainingJobRequested(id, body.dataset(), body.architecture(), body.modelName(), body.steps(), body.batchSize(),
                body.generatorLearningRate(), body.discriminatorLearningRate(), body.latentSize(), body.seed(), body.publishEverySteps(),
                body.progressEverySteps(), body.fidelitySamplesPerClass(), body.imageHeight(), body.imageWidth(), body.precision(),
                body.loss(), body.diffAugment(), body.labelColumn(), body.columnKinds(), Instant.now());
        List<String> problems = job.problems(); // the trainer's own rules, tables' included (labelColumn, columnKinds, batchSize)
        if (!problems.isEmpty()) throw ProblemException.badRequest(String.join("; ", problems));
        // image folders and table files live on the trainer's disk: whether one exists (and has that label column) is the
        // trainer's to say (a FAILED progress event)
        if (!List.of("mnist", "fashion-mnist").contains(job.dataset()) && !job.imageFolderDataset() && !job.tableDataset()) {
            throw ProblemException.badRequest("unknown dataset '" + job.dataset() + "', expected mnist, fashion-mnist, "
                    + TrainingJobRequested.IMAGE_FOLDER_PREFIX + "<folder> or a table file under the data folder (.csv or .arff, "
                    + "e.g. weka/credit-g.arff, with labelColumn)");
        }
        kafka.job(id, job);
        return RestResponse.accepted(new JobView(id, "queued", job, null, List.of(), List.of()));
    }

    @GET
    @APIResponse(responseCode = "200", description = "Every job the job and progress topics still hold (7 days)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = JobView.class)))
    public List<JobView> list() {
        return jobs.jobs().stream().map(j -> view(j, false)).toList();
    }

    @GET
    @Path("/{id}")
    @APIResponseSchema(JobView.class)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    public JobView get(@PathParam("id") String id) {
        return view(find(id), true);
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress events of a job as they arrive (the ones so far first); ends when the job is done or failed")
    @APIResponse(responseCode = "200", description = "One event per progress record",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = TrainingProgress.class)))
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    public Multi<TrainingProgress> events(@PathParam("id") String id) {
        find(id);
        return Multi.createFrom().emitter(em -> {
            Consumer<TrainingProgress> listener = p -> {
                if (!id.equals(p.jobId())) return;
                em.emit(p);
                if (p.state() == TrainingProgress.State.DONE || p.state() == TrainingProgress.State.FAILED) em.complete();
            };
            jobs.listen(listener);
            em.onTermination(() -> jobs.unlisten(listener));
            for (TrainingProgress p : find(id).progress()) listener.accept(p);
        });
    }

    private TrainingJobsView.Job find(String id) {
        return jobs.job(id).orElseThrow(() -> ProblemException.notFound("no training job " + id));
    }

    private static JobView view(TrainingJobsView.Job j, boolean withProgress) {
        var latest = j.progress().isEmpty() ? null : j.progress().get(j.progress().size() - 1);
        String id = j.request() != null ? j.request().jobId() : latest.jobId();
        return new JobView(id, j.state().name().toLowerCase(), j.request(), latest, withProgress ? j.progress() : List.of(),
                j.refusals().stream().map(TrainingProgress::refusedCandidate).toList());
    }
}
