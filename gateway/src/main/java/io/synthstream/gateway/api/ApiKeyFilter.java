package io.synthstream.gateway.api;

import io.synthstream.gateway.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys from configuration (header {@code X-API-Key}, or {@code ?key=} on GETs for server-sent events
 * in browsers), roles user and admin. Everything under /api
 * needs a key; launching training jobs and changing a model's rollout need an admin key.
 */
public class ApiKeyFilter {
    public static final String HEADER = "X-API-Key";
    static final String ROLE_PROPERTY = "synthstream.role";

    @Inject
    GatewayConfig config;

    @ServerRequestFilter
    public Optional<RestResponse<Problem>> check(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) return Optional.empty();
        String key = ctx.getHeaderString(HEADER);
        if (key == null && "GET".equals(ctx.getMethod())) {
            // browsers' EventSource cannot send headers: GETs may carry the key as ?key=
            key = ctx.getUriInfo().getQueryParameters().getFirst("key");
        }
        String role = key == null ? null : config.adminKeys().contains(key) ? "admin" : config.userKeys().contains(key) ? "user" : null;
        if (role == null) {
            return Optional.of(ProblemMappers.respond(Problem.of(401, "Unauthorized",
                    key == null ? "send your API key in the " + HEADER + " header" : "unknown API key", path)));
        }
        boolean adminRoute = "POST".equals(ctx.getMethod())
                && (path.startsWith("/api/v1/training-jobs") || path.startsWith("/api/v1/models"));
        if (adminRoute && !"admin".equals(role)) {
            return Optional.of(ProblemMappers.respond(Problem.of(403, "Forbidden", "this call needs an admin key", path)));
        }
        ctx.setProperty(ROLE_PROPERTY, role);
        return Optional.empty();
    }
}
