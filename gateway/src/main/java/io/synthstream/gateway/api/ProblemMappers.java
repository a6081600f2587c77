package io.synthstream.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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

    @ServerExceptionMapper
    public RestResponse<Problem> badJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "Bad request", "the body is not valid JSON for this call: " + e.getOriginalMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, UriInfo uri) {
        Response r = e.getResponse();
        String title = r.getStatusInfo().getReasonPhrase();
        return respond(Problem.of(r.getStatus(), title == null ? "Error" : title, e.getMessage(), uri.getPath()));
    }

    static RestResponse<Problem> respond(Problem p) {
        return RestResponse.ResponseBuilder.<Problem>create(p.status()).entity(p).type(Problem.MEDIA_TYPE).build();
    }
}
