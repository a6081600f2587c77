package io.synthstream.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.common.annotation.Blocking;
import io.synthstream.contracts.artifacts.RetirementPlan;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.gateway.bridges.KafkaWriter;
import io.synthstream.gateway.bridges.ModelCatalog;
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
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Models, their versions and metrics, and rollout control (recorded in Kafka, honoured by every generator). */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = GatewayApi.API_KEY)
@APIResponse(responseCode = "401", ref = GatewayApi.UNAUTHORIZED)
public class ModelResource {
    /** rows: a tabular version's schema and figures (absent for an image version). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(long version, Instant createdAt, String trainingJobId, String dataset, String architecture,
                              String precision, ModelVersionPublished.QualityMetrics metrics, String preview, TabularView rows) {
    }

    /**
     * What a tabular version's event says of its rows ({@link TabularVersion}), less the encoding's parameters, which only a
     * decoder needs: the schema (columns with their kinds and categories, the label column and its classes), the figures
     * measured on the validation rows and each column's real and synthetic distribution (empty for older versions).
     */
    public record TabularView(RowSchema schema, int validationRows, double columnSimilarity, double correlationScore,
                              List<TabularVersion.ClassifierEfficacy> mlEfficacy, TabularVersion.RareClassFigures rareClassGain,
                              List<TabularVersion.ColumnDistribution> columnDistributions) {
        static TabularView of(TabularVersion t) {
            return t == null ? null : new TabularView(t.schema(), t.validationRows(), t.columnSimilarity(), t.correlationScore(), t.mlEfficacy(),
                    t.rareClassGain(), t.columnDistributions());
        }
    }

    /** refused: candidates the quality gate kept from going live (from the progress topic, which keeps 7 days). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelView(String name, Long liveVersion, Long canaryVersion, String mode, Double canaryShare, List<String> classNames,
                            List<VersionView> versions, List<RefusedView> refused) {
    }

    /** A candidate the quality gate refused: never published, so it has no version number. */
    public record RefusedView(String trainingJobId, long step, Instant at, List<String> failures, Long comparedWithVersion,
                              ModelVersionPublished.QualityMetrics metrics) {
    }

    public record PromoteBody(Long version) {
    }

    public record CanaryBody(Double share) {
    }

    public record RetireBody(Integer keep, List<Long> versions, Boolean dryRun) {
    }

    public record RetirementView(String name, List<Long> retired, List<Long> kept, boolean dryRun) {
    }

    @Inject
    ModelCatalog catalog;
    @Inject
    TrainingJobsView jobs;
    @Inject
    KafkaWriter kafka;

    @GET
    @APIResponse(responseCode = "200", description = "Every model, by name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ModelView.class)))
    public List<ModelView> list() {
        return catalog.names().stream().map(this::view).toList();
    }

    @GET
    @Path("/{name}")
    @APIResponseSchema(ModelView.class)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    public ModelView get(@PathParam("name") String name) {
        return view(known(name));
    }

    @GET
    @Path("/{name}/versions/{version}/preview.png")
    @Produces("image/png")
    @Operation(summary = "A version's preview: 10 samples of each class, one class per row")
    @APIResponse(responseCode = "200", description = "The preview grid",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    public byte[] preview(@PathParam("name") String name, @PathParam("version") long version) {
        return catalog.preview(known(name), version)
                .orElseThrow(() -> ProblemException.notFound("no preview for " + name + " v" + version));
    }

    @POST
    @Path("/{name}/promote")
    @Blocking
    @Operation(summary = "Make a version (default: the newest) live for unpinned requests; ends a canary")
    @APIResponseSchema(ModelView.class)
    @APIResponse(responseCode = "400", ref = GatewayApi.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = GatewayApi.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    @APIResponse(responseCode = "415", ref = GatewayApi.UNSUPPORTED_MEDIA_TYPE)
    public ModelView promote(@PathParam("name") String name, PromoteBody body) {
        known(name);
        Long version = body == null || body.version() == null ? null : body.version();
        if (version != null && catalog.version(name, version).isEmpty()) throw ProblemException.notFound(name + " has no version " + version);
        return change(name, new ModelRolloutChanged(name, ModelRolloutChanged.IMMEDIATE, version, null,
                version == null ? "promote newest" : "promote v" + version, Instant.now()));
    }

    @POST
    @Path("/{name}/rollback")
    @Blocking
    @Operation(summary = "Make the version before the live one live again")
    @APIResponseSchema(ModelView.class)
    @APIResponse(responseCode = "403", ref = GatewayApi.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = GatewayApi.CONFLICT)
    public ModelView rollback(@PathParam("name") String name) {
        long live = catalog.liveVersion(known(name)).orElseThrow();
        long previous = catalog.versions(name).stream().mapToLong(ModelVersionPublished::version).filter(v -> v < live).max()
                .orElseThrow(() -> new ProblemException(409, "Nothing to roll back to", name + " v" + live + " is its oldest version"));
        return change(name, new ModelRolloutChanged(name, ModelRolloutChanged.IMMEDIATE, previous, null,
                "rollback from v" + live, Instant.now()));
    }

    @POST
    @Path("/{name}/canary")
    @Blocking
    @Operation(summary = "Serve newer versions as a canary to a share of unpinned requests until promoted")
    @APIResponseSchema(ModelView.class)
    @APIResponse(responseCode = "400", ref = GatewayApi.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = GatewayApi.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    @APIResponse(responseCode = "415", ref = GatewayApi.UNSUPPORTED_MEDIA_TYPE)
    public ModelView canary(@PathParam("name") String name, CanaryBody body) {
        known(name);
        if (body == null || body.share() == null || body.share() < 0 || body.share() > 1) {
            throw ProblemException.badRequest("share must be a number in [0, 1]");
        }
        long live = catalog.policy(name).map(ModelRolloutChanged::liveVersion).orElse(null) != null
                ? catalog.liveVersion(name).orElseThrow()
                : catalog.versions(name).stream().mapToLong(ModelVersionPublished::version).max().orElseThrow();
        return change(name, new ModelRolloutChanged(name, ModelRolloutChanged.CANARY, live, body.share(), "canary", Instant.now()));
    }

    @POST
    @Path("/{name}/retire")
    @Blocking
    @Operation(summary = "Retire old versions from the model topics (never the newest, never the one pinned live)",
            description = "Either keep (the newest N versions stay, and a pinned live one) or versions (these go); dryRun changes nothing.")
    @APIResponseSchema(RetirementView.class)
    @APIResponse(responseCode = "400", ref = GatewayApi.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = GatewayApi.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = GatewayApi.CONFLICT)
    @APIResponse(responseCode = "415", ref = GatewayApi.UNSUPPORTED_MEDIA_TYPE)
    public RetirementView retire(@PathParam("name") String name, RetireBody body) {
        known(name);
        boolean byKeep = body != null && body.keep() != null, byVersions = body != null && body.versions() != null && !body.versions().isEmpty();
        if (byKeep == byVersions) throw ProblemException.badRequest("give either keep (the newest N versions stay) or versions (those to retire)");
        TreeMap<Long, ModelVersionPublished> published = new TreeMap<>();
        catalog.versions(name).forEach(v -> published.put(v.version(), v));
        Long pinned = catalog.policy(name).map(ModelRolloutChanged::liveVersion).orElse(null);
        List<ModelVersionPublished> retire;
        try {
            if (byVersions) {
                body.versions().stream().filter(v -> !published.containsKey(v)).findFirst()
                        .ifPresent(v -> { throw ProblemException.notFound(name + " has no version " + v + " (published: " + published.keySet() + ")"); });
            }
            retire = byKeep ? RetirementPlan.keepNewest(published, pinned, body.keep()) : RetirementPlan.chosen(published, pinned, body.versions());
        } catch (RetirementPlan.NotRetirable e) {
            throw new ProblemException(409, "Version not retirable", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        boolean dryRun = Boolean.TRUE.equals(body.dryRun());
        if (!dryRun && !retire.isEmpty()) {
            kafka.retire(retire);
            retire.forEach(e -> catalog.retired(new ModelVersionPublished.VersionRef(name, e.version()))); // as change() does: at once
        }
        List<Long> retired = retire.stream().map(ModelVersionPublished::version).toList();
        return new RetirementView(name, retired, published.keySet().stream().filter(v -> !retired.contains(v)).toList(), dryRun);
    }

    private ModelView change(String name, ModelRolloutChanged policy) {
        kafka.rollout(name, policy);
        catalog.rollout(policy); // the change is in Kafka; reflect it here at once instead of waiting for the read-back
        return view(name);
    }

    private String known(String name) {
        if (catalog.versions(name).isEmpty()) throw ProblemException.notFound("unknown model '" + name + "'; known: " + catalog.names());
        return name;
    }

    private ModelView view(String name) {
        var versions = catalog.versions(name);
        var policy = catalog.policy(name);
        List<VersionView> vs = versions.stream().map(v -> new VersionView(v.version(), v.createdAt(), v.trainingJobId(), v.dataset(),
                v.architecture(), precision(v), v.metrics(), catalog.preview(name, v.version()).isPresent()
                        ? "/api/v1/models/" + name + "/versions/" + v.version() + "/preview.png" : null, TabularView.of(v.rows()))).toList();
        return new ModelView(name, catalog.liveVersion(name).orElse(null), catalog.canaryVersion(name).orElse(null),
                policy.map(ModelRolloutChanged::mode).orElse(ModelRolloutChanged.IMMEDIATE),
                policy.filter(ModelRolloutChanged::canary).map(ModelRolloutChanged::share).orElse(null),
                versions.isEmpty() ? List.of() : versions.get(versions.size() - 1).contract().classNames(), vs,
                jobs.refusals(name).stream().map(p -> new RefusedView(p.jobId(), p.refusedCandidate().step(), p.at(),
                        p.refusedCandidate().failures(), p.refusedCandidate().comparedWithVersion(), p.refusedCandidate().metrics())).toList());
    }

    /** float32 or int8; versions published before the contract named it are float32. */
    private static String precision(ModelVersionPublished v) {
        return v.contract() == null ? TrainingJobRequested.PRECISION_FLOAT32 : v.contract().precisionOrDefault();
    }
}
