package io.synthstream.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.codec.StrictJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.gateway.GatewayConfig;
import io.synthstream.gateway.bridges.GatewayBeans;
import io.synthstream.gateway.bridges.GenerationStore;
import io.synthstream.gateway.bridges.GenerationStore.Generation;
import io.synthstream.gateway.bridges.KafkaWriter;
import io.synthstream.gateway.bridges.ModelCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Synthetic samples over HTTP: the request goes to Kafka, the answer comes back on this instance's reply topic. */
@Path("/api/v1/generations")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = GatewayApi.API_KEY)
@APIResponse(responseCode = "401", ref = GatewayApi.UNAUTHORIZED)
public class GenerationResource {
    /**
     * What a restart loses, said where a client looks: rebuilding generations from Kafka would mean reading the whole request
     * topic (a day of every gateway's requests) at each start, and would still not help a replica with a new name (a new reply topic).
     */
    static final String GENERATIONS_LIVE_IN_MEMORY = "A generation lives only in the memory of the gateway replica that accepted it, "
            + "the newest synthstream.gateway.keep-generations (1 000 by default): it is not rebuilt from Kafka, so after that gateway "
            + "restarts, or once newer generations push it out, this answers 404. Ask again with the same seed and version for the same "
            + "samples, or request through Kafka with your own replyTo topic where answers must outlive a gateway (docs/events.md).";

    /**
     * What a client sends; the fields mean what they mean in GenerationRequested (docs/events.md), and are read as
     * strictly ({@link StrictJson}): an unknown field, a fraction where an integer goes or a value of the wrong type is a 400.
     */
    public record GenerationBody(String model, Long version, Integer count, List<Integer> labels, Map<Integer, Integer> classCounts,
                                 Long seed, String format, Double latentScale) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sample(int index, int label, String data) {
    }

    /**
     * samples: an image generation's samples (base64 in its format); columns, classes, labelColumn and rows: a rows-json
     * generation's rows instead ({@link GenerationRows}). Both only with ?include=samples once done.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GenerationView(String id, String status, String model, Long requestedVersion, Long version, int count, int received,
                                 String format, String reason, Map<String, String> links, List<Sample> samples, List<String> columns,
                                 List<String> classes, String labelColumn, List<GenerationRows.Row> rows) {
    }

    /** One SSE event per answer record. */
    public record BatchEvent(String id, int batchIndex, int batchCount, long version, List<Integer> labels, boolean last) {
    }

    @Inject
    GenerationStore store;
    @Inject
    ModelCatalog catalog;
    @Inject
    KafkaWriter kafka;
    @Inject
    GatewayConfig config;

    @POST
    @Blocking
    @Operation(summary = "Request samples; 202 with an id, or with ?wait=SECONDS the samples inline once ready",
            description = "No format: png of an image version, rows-json of a tabular one (the version asked for, else the live one). "
                    + "A format the version does not serve (an image format of a tabular version, rows-json of an image one) is a 400.")
    @APIResponseSchema(value = GenerationView.class, responseCode = "200", responseDescription = "Done within ?wait: the samples inline")
    @APIResponse(responseCode = "202", description = "Accepted: follow it at links.self, links.events, and links.grid (images) or links.rows (rows)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GenerationView.class)))
    @APIResponse(responseCode = "400", ref = GatewayApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = GatewayApi.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = GatewayApi.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "503", ref = GatewayApi.NO_MODEL_LIVE)
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<GenerationView> create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                                       schema = @Schema(implementation = GenerationBody.class))) byte[] json,
                                               @Parameter(description = "seconds to wait for the samples (answered 202 if not ready by then)",
                                                       schema = @Schema(type = SchemaType.NUMBER)) @QueryParam("wait") String wait) {
        double waitSeconds = waitSeconds(wait); // read here: JAX-RS answers a query parameter it cannot convert with a bare 404
        if (json == null || json.length == 0) throw ProblemException.badRequest("a JSON body is required: {\"model\": \"…\", \"count\": 16}");
        GenerationBody body;
        try {
            body = StrictJson.read(json, GenerationBody.class); // the generators' rule: a misspelt field or 10.5 samples is refused
        } catch (MalformedEventException e) {
            throw ProblemException.badRequest("the body is not valid JSON for this call: " + e.getMessage());
        }
        if (body == null) throw ProblemException.badRequest("a JSON body is required: {\"model\": \"…\", \"count\": 16}");
        String id = UUID.randomUUID().toString();
        var request = request(id, body, body.format());
        if (body.count() != null && body.count() > config.maxCount()) {
            throw new ProblemException(413, "Too many samples", "count " + body.count() + " is over the limit of " + config.maxCount()
                    + " per request; split it");
        }
        List<String> problems = request.problems(config.maxCount());
        if (!problems.isEmpty()) throw ProblemException.badRequest(String.join("; ", problems));
        if (catalog.isEmpty()) throw new ProblemException(503, "No model live", "no model has been published yet; train one first");
        if (catalog.versions(body.model()).isEmpty()) {
            throw ProblemException.notFound("unknown model '" + body.model() + "'; known: " + catalog.names());
        }
        ModelVersionPublished target = catalog.target(body.model(), body.version())
                .orElseThrow(() -> ProblemException.notFound("model '" + body.model() + "' has no version " + body.version()));
        request = request(id, body, format(body.format(), target).wireName());
        int classes = target.rows() != null ? target.rows().schema().classes().size() : target.contract().numClasses();
        try {
            request.resolveLabels(classes);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        Generation g = store.add(request);
        kafka.request(id, request);
        if (waitSeconds > 0) {
            long ms = Math.min((long) (waitSeconds * 1000), config.maxWait().toMillis());
            try {
                g.completion().get(ms, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                return RestResponse.accepted(view(g, false));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return RestResponse.ok(view(g, true));
        }
        return RestResponse.accepted(view(g, false));
    }

    private GenerationRequested request(String id, GenerationBody body, String format) {
        return new GenerationRequested(id, body.model(), body.version(), body.count(), body.labels(), body.classCounts(), body.seed(), format,
                GatewayBeans.replyTopic(config), body.latentScale());
    }

    /**
     * The format asked for, else the one the targeted version is read in: rows-json for a tabular version, png for an image
     * one. A format the version does not serve is refused here with the generators' reason, never sent.
     */
    private static SampleFormat format(String asked, ModelVersionPublished target) {
        boolean tabular = target.rows() != null;
        if (asked == null) return tabular ? SampleFormat.ROWS_JSON : SampleFormat.PNG;
        SampleFormat format = SampleFormat.of(asked); // a known name: problems() said so
        if (!format.servesVersion(tabular)) throw ProblemException.badRequest(format.notServedBy("'" + target.modelName() + "' v" + target.version(), tabular));
        return format;
    }

    private static double waitSeconds(String wait) {
        if (wait == null || wait.isBlank()) return 0;
        try {
            double seconds = Double.parseDouble(wait.strip());
            if (seconds >= 0) return seconds; // NaN is not
        } catch (NumberFormatException notANumber) {
            // the problem below says what is expected
        }
        throw ProblemException.badRequest("wait is a number of seconds, 0 or more (e.g. ?wait=10), got '" + wait + "'");
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A generation's status; ?include=samples adds the samples (of a tabular version: the rows) once done",
            description = GENERATIONS_LIVE_IN_MEMORY)
    @APIResponseSchema(GenerationView.class)
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    public GenerationView get(@PathParam("id") String id, @QueryParam("include") String include) {
        return view(find(id), "samples".equals(include));
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events, one per answer record as it arrives; ends after the last", description = GENERATIONS_LIVE_IN_MEMORY)
    @APIResponse(responseCode = "200", description = "One event per answer record",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = BatchEvent.class)))
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    public Multi<BatchEvent> events(@PathParam("id") String id) {
        Generation g = find(id);
        return Multi.createFrom().emitter(em -> {
            Consumer<SampleBatch> listener = b -> {
                em.emit(new BatchEvent(id, b.index(), b.batchCount(), b.version(), b.labels(), b.last()));
                if (b.last()) em.complete();
            };
            boolean finished = g.subscribe(listener);
            if (finished) em.complete();
            g.completion().thenRun(em::complete);
            em.onTermination(() -> g.unsubscribe(listener));
        });
    }

    @GET
    @Path("/{id}/grid.png")
    @Produces("image/png")
    @Operation(summary = "The samples as a PNG grid, 10 per row", description = GENERATIONS_LIVE_IN_MEMORY)
    @APIResponse(responseCode = "200", description = "The grid",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = GatewayApi.CONFLICT)
    public byte[] grid(@PathParam("id") String id) {
        Generation g = find(id);
        if (g.request().formatOrDefault().isRows()) {
            throw new ProblemException(409, "Not images", "generation " + id + " holds rows (" + SampleFormat.ROWS_JSON + "), not images: read "
                    + "them at /api/v1/generations/" + id + "/rows.csv or /api/v1/generations/" + id + "?include=samples");
        }
        List<SampleBatch> batches = g.batches();
        if (batches.isEmpty()) throw new ProblemException(409, "Not ready", "no samples have arrived yet (status " + g.status() + ")");
        return gridOf(batches);
    }

    @GET
    @Path("/{id}/rows.csv")
    @Produces("text/csv")
    @Operation(summary = "A tabular version's rows as CSV (RFC 4180): a header of the columns then the label column, one line per row "
            + "ending with its class name", description = GENERATIONS_LIVE_IN_MEMORY)
    @APIResponse(responseCode = "200", description = "The rows, once the generation is done",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = GatewayApi.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = GatewayApi.CONFLICT)
    public RestResponse<String> rowsCsv(@PathParam("id") String id) {
        Generation g = find(id);
        String csv = GenerationRows.csv(GenerationRows.done(g), labelColumn(g).orElse("label"));
        return RestResponse.ResponseBuilder.ok(csv, "text/csv; charset=utf-8").build();
    }

    /** The label column of the version that answered, while the catalog holds it. */
    private Optional<String> labelColumn(Generation g) {
        return Optional.ofNullable(g.version()).flatMap(v -> catalog.version(g.request().model(), v))
                .map(ModelVersionPublished::rows).map(t -> t.schema().labelColumn());
    }

    /** The batches' samples as one PNG grid, 10 per row: grey, or in colour for a version whose samples are [3, H, W]. */
    static byte[] gridOf(List<SampleBatch> batches) {
        List<Integer> shape = batches.get(0).shape();
        // [C, H, W]: an RGB version's grid is in colour
        int c = SampleFormat.channels(shape), h = shape.get(shape.size() - 2), w = shape.get(shape.size() - 1);
        List<int[]> px = new ArrayList<>();
        for (SampleBatch b : batches) for (byte[] s : b.samples()) px.add(b.format().levels(s, c, h, w));
        return SampleGrids.png(px, c, h, w, 10);
    }

    private Generation find(String id) {
        return store.get(id).orElseThrow(() -> ProblemException.notFound("no generation " + id + " on this gateway: generations live only "
                + "in the memory of the gateway that accepted them, the newest " + config.keepGenerations() + ", and are gone once it "
                + "restarts; ask again (the same seed and version give the same samples)"));
    }

    GenerationView view(Generation g, boolean withSamples) {
        var r = g.request();
        boolean rows = r.formatOrDefault().isRows(), done = withSamples && g.status() == GenerationStore.Status.DONE;
        List<Sample> samples = null;
        GenerationRows.Rows table = done && rows ? GenerationRows.of(g.batches()) : null;
        if (done && !rows) {
            samples = new ArrayList<>();
            Base64.Encoder b64 = Base64.getEncoder();
            for (SampleBatch b : g.batches()) {
                List<byte[]> split = b.samples();
                for (int i = 0; i < split.size(); i++) samples.add(new Sample(b.first() + i, b.labels().get(i), b64.encodeToString(split.get(i))));
            }
        }
        String base = "/api/v1/generations/" + r.requestId();
        Map<String, String> links = rows ? Map.of("self", base, "events", base + "/events", "rows", base + "/rows.csv")
                : Map.of("self", base, "events", base + "/events", "grid", base + "/grid.png");
        return new GenerationView(r.requestId(), g.status().name().toLowerCase(), r.model(), r.version(), g.version(), r.count(),
                g.received(), r.formatOrDefault().wireName(), g.reason(), links, samples, table == null ? null : table.columns(),
                table == null ? null : table.classes(), table == null ? null : labelColumn(g).orElse(null), table == null ? null : table.rows());
    }
}
