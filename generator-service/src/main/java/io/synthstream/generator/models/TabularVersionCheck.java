package io.synthstream.generator.models;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.rows.RowDecoder;
import java.util.List;

/**
 * Whether a tabular version (its event's {@code rows} set) can be decoded as it announces, before its artifact is
 * loaded: a schema and an encoding that fit each other, an output of exactly the encoding's width, and the schema's
 * classes as the label input's. A version that fails is refused like a broken artifact: its rows would be misread.
 */
final class TabularVersionCheck {
    private TabularVersionCheck() {
    }

    /** The decoder of the version's output; null for an image version. */
    static RowDecoder decoder(ModelVersionPublished event) throws ArtifactRefusedException {
        TabularVersion rows = event.rows();
        if (rows == null) return null;
        if (rows.schema() == null || rows.encoding() == null) {
            throw refused(event, "its rows have no " + (rows.schema() == null ? "schema" : "encoding"));
        }
        RowDecoder decoder;
        try {
            decoder = rows.decoder();
        } catch (IllegalArgumentException e) {
            throw refused(event, "its row encoding does not fit its schema: " + e.getMessage());
        }
        var c = event.contract();
        if (!List.of(decoder.width()).equals(c.sampleShape())) {
            throw refused(event, "its output is announced as " + c.sampleShape() + " but its row encoding reads rows of [" + decoder.width() + "] floats");
        }
        if (c.numClasses() != rows.schema().classes().size()) {
            throw refused(event, "its label input takes " + c.numClasses() + " classes but its schema has " + rows.schema().classes().size()
                    + " " + rows.schema().classes());
        }
        return decoder;
    }

    private static ArtifactRefusedException refused(ModelVersionPublished event, String why) {
        return new ArtifactRefusedException(event.key() + ": a tabular version that cannot be decoded: " + why);
    }
}
