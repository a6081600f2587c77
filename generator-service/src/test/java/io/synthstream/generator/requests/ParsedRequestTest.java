package io.synthstream.generator.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A request record read once: the request, or why it is refused and where its client waits. */
class ParsedRequestTest {
    private static ParsedRequest parse(String json) {
        return ParsedRequest.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestIsReadStrictlyAndARefusedOneKeepsItsAddress() {
        var ok = parse("{\"requestId\":\"r\",\"model\":\"m\",\"count\":64,\"replyTo\":\"synthstream.generate.replies.g\"}");
        assertEquals(64, ok.samplesAsked());
        assertNull(ok.malformation());
        assertEquals("r", ok.address().requestId());
        assertEquals("synthstream.generate.replies.g", ok.address().replyTo());

        var misspelt = parse("{\"requestId\":\"r\",\"model\":\"m\",\"cuont\":64,\"replyTo\":\"synthstream.generate.replies.g\"}");
        assertNull(misspelt.request());
        assertNotNull(misspelt.malformation(), "an unknown field is refused");
        assertEquals(0, misspelt.samplesAsked(), "it will be dead-lettered: no samples to wait for");
        assertEquals("synthstream.generate.replies.g", misspelt.address().replyTo(), "its client is still told where it waits");

        var notJson = ParsedRequest.of(null);
        assertNull(notJson.request());
        assertNull(notJson.address().requestId());
    }
}
