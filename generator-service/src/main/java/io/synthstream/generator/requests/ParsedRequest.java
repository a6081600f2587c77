package io.synthstream.generator.requests;

import io.synthstream.contracts.codec.GenerationRequestReader;
import io.synthstream.contracts.codec.GenerationRequestReader.ReplyAddress;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.GenerationRequested;

/**
 * A request record's payload read once, strictly ({@link GenerationRequestReader}): the request, or why it is refused
 * and where its client waits as far as the payload says. Each step that looks at a request (how full a waiting batch
 * is, the transaction's budget, the plan, a refusal) takes this rather than reading the JSON again.
 *
 * @param request      null where the payload is refused
 * @param malformation why it is refused, null where it was read
 * @param address      its requestId and replyTo (either may be null where refused)
 */
public record ParsedRequest(GenerationRequested request, String malformation, ReplyAddress address) {
    public static ParsedRequest of(byte[] payload) {
        try {
            GenerationRequested r = GenerationRequestReader.read(payload);
            return new ParsedRequest(r, null, new ReplyAddress(r.requestId(), r.replyTo()));
        } catch (MalformedEventException e) {
            return new ParsedRequest(null, e.getMessage(), GenerationRequestReader.addressOf(payload));
        }
    }

    /** Samples it asks for, 0 where it does not say (it will be dead-lettered). */
    public int samplesAsked() {
        return request == null || request.count() == null ? 0 : Math.max(0, request.count());
    }
}
