package io.synthstream.contracts.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.events.GenerationRequested;
import java.io.IOException;
import java.util.Objects;

/**
 * The one reading of a request record that generators answer (docs/events.md, "GenerationRequested"): the payload
 * read by {@link StrictJson}; {@code type}, when present, must say GenerationRequested and {@code schemaVersion} (absent:
 * 1) must be one this code reads; and the record key must be the payload's {@code requestId}, since every answer is
 * keyed by the requestId: a client that correlates by the key it wrote would otherwise never see its answer.
 */
public final class GenerationRequestReader {
    private static final String TYPE = "GenerationRequested";

    private GenerationRequestReader() {
    }

    /** @throws MalformedEventException with the reason a request is refused */
    public static GenerationRequested read(String key, byte[] payload) {
        GenerationRequested r = read(payload);
        String wrongKey = keyProblem(key, r);
        if (wrongKey != null) throw new MalformedEventException(wrongKey);
        return r;
    }

    /** Why the record key does not fit the request read from its payload, or null when it is its requestId. */
    public static String keyProblem(String key, GenerationRequested r) {
        if (Objects.equals(key, r.requestId())) return null;
        return key == null
                ? "the record has no key: key a request with its requestId ('" + r.requestId() + "'), which its answers are keyed by"
                : "the record key '" + key + "' is not the payload's requestId '" + r.requestId()
                + "': answers are keyed by requestId, so the key must equal it";
    }

    /** Where a request's answers go and under which id, as far as its payload says it: either may be null. */
    public record ReplyAddress(String requestId, String replyTo) {
    }

    /**
     * The requestId and replyTo of a payload however wrong the rest of it is (a misspelt field, 10.5 samples): a
     * refused request is told where its client waits. Empty fields where the payload is no JSON object or they are no strings.
     */
    public static ReplyAddress addressOf(byte[] payload) {
        try {
            JsonNode tree = payload == null ? null : EventJson.MAPPER.readTree(payload);
            if (tree instanceof ObjectNode o) {
                JsonNode id = o.get("requestId"), reply = o.get("replyTo");
                return new ReplyAddress(id != null && id.isTextual() ? id.asText() : null, reply != null && reply.isTextual() ? reply.asText() : null);
            }
        } catch (IOException notJson) {
            // no address
        }
        return new ReplyAddress(null, null);
    }

    /** The payload alone (no key to check): a request as written, read strictly. */
    public static GenerationRequested read(byte[] payload) {
        if (payload == null || payload.length == 0) throw new MalformedEventException("empty payload, expected a " + TYPE + " JSON object");
        JsonNode tree;
        try {
            tree = StrictJson.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new MalformedEventException("not a valid " + TYPE + ": not JSON " + StrictJson.describe(e), e);
        }
        if (!(tree instanceof ObjectNode fields)) {
            throw new MalformedEventException("not a valid " + TYPE + ": a request is a JSON object, not " + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase()));
        }
        JsonNode type = fields.remove("type");
        if (type != null && !type.isNull() && !(type.isTextual() && TYPE.equals(type.asText()))) {
            throw new MalformedEventException("type is " + type + ": this topic takes " + TYPE + " (or no type)");
        }
        JsonNode version = fields.remove("schemaVersion");
        if (version != null && !version.isNull()) {
            if (!version.isIntegralNumber()) throw new MalformedEventException("schemaVersion takes an integer, got " + version);
            if (!version.canConvertToInt() || version.intValue() != GenerationRequested.SCHEMA_VERSION) {
                throw new MalformedEventException("schemaVersion " + version + " is not one this generator reads (it reads "
                        + GenerationRequested.SCHEMA_VERSION + "; absent means 1)");
            }
        }
        try {
            return StrictJson.MAPPER.treeToValue(fields, GenerationRequested.class);
        } catch (IOException e) {
            throw new MalformedEventException("not a valid " + TYPE + ": " + StrictJson.describe(e), e);
        }
    }
}
