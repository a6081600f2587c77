package io.synthstream.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.synthstream.contracts.codec.StrictJson;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API returns is problem+json with a message a person can act on. */
public class ProblemMappers {
    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, UriInfo uri) {
        return respond(Problem.of(e.status(), e.title(), e.getMessage(), uri.getPath()));
    }

    /** Where and what, in the contracts' words (no Java type names): the same text the generation body's strict reading gives. */
    @ServerExceptionMapper
    public RestResponse<Problem> badJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "Bad request", "the body is not valid JSON for this call: " + StrictJson.describe(e), uri.getPath()));
    }

    /** JSON of the wrong shape (a string where a number goes): Quarkus's own mapper for it answers 400 with no body. */
    @ServerExceptionMapper
    public RestResponse<Problem> wrongShape(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, UriInfo uri) {
        // Quarkus wraps JSON it cannot parse (or a number too large for its field) in a bare 400
        if (e.getCause() instanceof JsonProcessingException json) return badJson(json, uri);
        Response r = e.getResponse();
        String title = r.getStatusInfo().getReasonPhrase();
        return respond(Problem.of(r.getStatus(), title == null ? "Error" : title, e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notJson(NotSupportedException e, UriInfo uri) {
        return respond(Problem.of(415, "Unsupported Media Type", "this call takes a JSON body: send it with Content-Type: application/json",
                uri.getPath()));
    }

    static RestResponse<Problem> respond(Problem p) {
        return RestResponse.ResponseBuilder.<Problem>create(p.status()).entity(p).type(Problem.MEDIA_TYPE).build();
    }
}
