package io.synthstream.gateway.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The API's contract as OpenAPI documents it (/q/openapi, Swagger UI at /q/swagger-ui): the key scheme
 * {@link ApiKeyFilter} enforces, so Swagger UI offers "Authorize", and the error responses every resource refers to by
 * name, each a {@link Problem} served as application/problem+json.
 */
@OpenAPIDefinition(info = @Info(title = "synthstream gateway", version = "v1",
        description = "Synthetic samples, models and training jobs over HTTP; every error is an RFC 7807 problem (application/problem+json)."),
        components = @Components(responses = {
                @APIResponse(name = GatewayApi.BAD_REQUEST, description = "The request is malformed: the detail names the field",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = GatewayApi.UNAUTHORIZED, description = "No API key, or an unknown one (header " + ApiKeyFilter.HEADER + ")",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = GatewayApi.FORBIDDEN, description = "A user key on a call that needs an admin key",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = GatewayApi.NOT_FOUND, description = "No such model, version, generation or training job",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = GatewayApi.CONFLICT, description = "Not possible in the current state: the detail says why",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = GatewayApi.TOO_LARGE, description = "More samples than one request may ask for",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = GatewayApi.UNSUPPORTED_MEDIA_TYPE, description = "The body is not sent as Content-Type: application/json",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = GatewayApi.NO_MODEL_LIVE, description = "No model has been published yet: train one first",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))}))
@SecurityScheme(securitySchemeName = GatewayApi.API_KEY, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = ApiKeyFilter.HEADER, description = "A user key, or an admin key for training jobs and rollout changes. "
        + "Browsers' EventSource cannot send headers: GETs also take the key as ?key=.")
public class GatewayApi extends Application {
    public static final String API_KEY = "apiKey";
    public static final String BAD_REQUEST = "BadRequest", UNAUTHORIZED = "Unauthorized", FORBIDDEN = "Forbidden", NOT_FOUND = "NotFound",
            CONFLICT = "Conflict", TOO_LARGE = "TooLarge", UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType", NO_MODEL_LIVE = "NoModelLive";
}
