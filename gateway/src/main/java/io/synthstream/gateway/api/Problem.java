package io.synthstream.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 7807 problem detail, served as application/problem+json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem("https://synthstream.io/problems/" + title.toLowerCase().replace(' ', '-'), title, status, detail, instance);
    }
}
