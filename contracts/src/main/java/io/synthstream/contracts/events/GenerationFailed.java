package io.synthstream.contracts.events;

/**
 * A request that will not be answered, on its reply path ({@code replyTo}, else {@code synthstream.generate.samples}),
 * keyed like its answers would have been: a client waiting there learns why instead of waiting for ever. The
 * record carries the header {@code synthstream-event-type: GenerationFailed} and none of the sample headers
 * (docs/events.md, "Failure records"); the dead-letter topic keeps the request itself, for operators.
 *
 * @param requestId the request's key (its requestId, or the payload's requestId where the record had no key)
 * @param reason    why, as in the dead letter's {@code synthstream-dlq-reason}
 */
public record GenerationFailed(String requestId, String reason) implements Event {
    public static final int SCHEMA_VERSION = 1;

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
