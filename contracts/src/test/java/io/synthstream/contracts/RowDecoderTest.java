package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.ColumnDecoding.ModeSpecific;
import io.synthstream.contracts.rows.ColumnDecoding.OneHot;
import io.synthstream.contracts.rows.ColumnDecoding.Quantile;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowDecoderTest {
    static final RowSchema SCHEMA = new RowSchema(List.of(
            Column.categorical("checking", List.of("<0", "0<=X<200", "none")),
            Column.numeric("duration", true),
            Column.numeric("amount", false)), "class", List.of("good", "bad"));
    /** duration: modes at 12 (σ 2) and 36 (σ 6) within [4, 72]; amount: a quantile table over [100, 500]. */
    static final RowEncoding ENCODING = new RowEncoding(List.of(
            new OneHot("checking", 3),
            new ModeSpecific("duration", List.of(12.0, 36.0), List.of(2.0, 6.0), 4, 72, true),
            new Quantile("amount", List.of(100.0, 200.0, 200.0, 500.0), false)));
    static final RowDecoder DECODER = new RowDecoder(SCHEMA, ENCODING);

    @Test
    void roundTripsThroughTheEventMapperNamingEachColumnsEncoding() throws Exception {
        byte[] json = EventJson.MAPPER.writeValueAsBytes(ENCODING);
        JsonNode tree = EventJson.MAPPER.readTree(json);
        assertEquals("ONE_HOT", tree.get("columns").get(0).get("encoding").asText());
        assertEquals("MODE_SPECIFIC", tree.get("columns").get(1).get("encoding").asText());
        assertEquals(36.0, tree.get("columns").get(1).get("means").get(1).asDouble());
        assertEquals("QUANTILE", tree.get("columns").get(2).get("encoding").asText());
        assertEquals(ENCODING, EventJson.MAPPER.readValue(json, RowEncoding.class));
        assertEquals(7, ENCODING.width());
    }

    @Test
    void decodesTheLikeliestCategoryAndModeClippedAndRounded() {
        // checking: 'none'; duration: mode 36, α 0.5 → 36 + 0.5·4·6 = 48; amount: scalar 0 → position 1.5 → 200
        assertArrayEquals(new double[] {2, 48, 200}, DECODER.decodeLikeliest(new float[] {0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.7f, 0f}, 0));
        // α past 1 counts as 1: 12 + 8 = 20; 0.99 is the table's top; rounding 12 + 0.03·8 = 12.24 → 12
        assertArrayEquals(new double[] {0, 20, 500}, DECODER.decodeLikeliest(new float[] {0.9f, 0.05f, 0.05f, 3f, 1f, 0f, 0.99f}, 0));
        assertArrayEquals(new double[] {0, 12, 100}, DECODER.decodeLikeliest(new float[] {1f, 0f, 0f, 0.03f, 1f, 0f, -1f}, 0));
        // 12 − 8 = 4, the range's floor; the scalar −2/3 of the limit is position 0.5 → 150
        assertArrayEquals(new double[] {1, 4, 150}, DECODER.decodeLikeliest(new float[] {0f, 1f, 0f, -1f, 0.9f, 0.1f, -0.99f / 3 * 2}, 0), 1e-4);
        float[] twoRows = {9, 9, 9, 9, 9, 9, 9, 0.2f, 0.2f, 0.6f, 0.25f, 0.9f, 0.1f, 0.495f};
        assertArrayEquals(new double[] {2, 14, 275}, DECODER.decodeLikeliest(twoRows, 7), 1e-3); // 12 + 0.25·8; 200 + 0.25·300
    }

    @Test
    void drawsEachBlockFromItsProbabilitiesWithOneUniformPerBlock() {
        float[] row = {0.25f, 0.25f, 0.5f, 0f, 0.5f, 0.5f, 0f};
        int[] counts = new int[3];
        int[] modes = new int[2];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            double[] r = DECODER.decode(row, 0, random);
            counts[(int) r[0]]++;
            modes[r[1] == 12 ? 0 : 1]++;
        }
        assertEquals(0.25, counts[0] / 20_000.0, 0.015);
        assertEquals(0.5, counts[2] / 20_000.0, 0.015);
        assertEquals(0.5, modes[0] / 20_000.0, 0.015);
        // a degenerate block (all zero) still takes its uniform, so the next row's draws are the same either way
        SplittableRandom a = new SplittableRandom(3), b = new SplittableRandom(3);
        DECODER.decode(new float[] {0, 0, 0, 0, 0, 0, 0}, 0, a);
        DECODER.decode(row, 0, b);
        assertEquals(b.nextLong(), a.nextLong());
    }

    @Test
    void refusesMalformedDecodingsNamingTheColumn() {
        List<Double> one = List.of(1.0);
        assertRefused("column 'd' needs at least one mode", () -> new ModeSpecific("d", List.of(), List.of(), 0, 1, false));
        assertRefused("column 'd' has 2 means but 1 stds", () -> new ModeSpecific("d", List.of(1.0, 2.0), one, 0, 1, false));
        assertRefused("column 'd' std 0.0 of mode 0 is not positive", () -> new ModeSpecific("d", one, List.of(0.0), 0, 1, false));
        assertRefused("column 'd' has a value NaN among its means that is not a finite number",
                () -> new ModeSpecific("d", List.of(Double.NaN), one, 0, 1, false));
        assertRefused("column 'd' has no stds", () -> new ModeSpecific("d", one, null, 0, 1, false));
        assertRefused("column 'd' has range [2.0, 1.0]; it needs finite min <= max", () -> new ModeSpecific("d", one, one, 2, 1, false));
        assertRefused("column 'q' has an empty quantile table", () -> new Quantile("q", List.of(), false));
        assertRefused("column 'q' quantile 2 (1.0) is below quantile 1 (3.0)", () -> new Quantile("q", List.of(0.0, 3.0, 1.0), false));
        assertRefused("column 'q' has a value null among its quantiles that is not a finite number",
                () -> new Quantile("q", Arrays.asList(0.0, null), false));
        assertRefused("column 'c' has 0 categories; a one-hot block needs at least one", () -> new OneHot("c", 0));
        assertRefused("a column decoding needs the column's name", () -> new OneHot(" ", 2));
        assertRefused("a row encoding needs at least one column", () -> new RowEncoding(List.of()));
        assertRefused("column 'c' is decoded twice", () -> new RowEncoding(List.of(new OneHot("c", 2), new OneHot("c", 2))));
    }

    @Test
    void refusesAnEncodingThatReadsTheSchemaAnotherWay() {
        ColumnDecoding duration = ENCODING.columns().get(1), amount = ENCODING.columns().get(2);
        assertRefused("the row encoding decodes 2 columns [checking, duration], the schema has 3 [checking, duration, amount]",
                () -> new RowDecoder(SCHEMA, new RowEncoding(List.of(new OneHot("checking", 3), duration))));
        assertRefused("the row encoding's column 1 is 'amount', the schema's is 'duration'",
                () -> new RowDecoder(SCHEMA, new RowEncoding(List.of(new OneHot("checking", 3), amount, duration))));
        assertRefused("categorical column 'checking' of 3 categories cannot be decoded by OneHot[column=checking, categories=2]",
                () -> new RowDecoder(SCHEMA, new RowEncoding(List.of(new OneHot("checking", 2), duration, amount))));
        assertRefused("numeric column 'amount' (integral false) cannot be decoded by Quantile[column=amount, quantiles=[1.0], integral=true]",
                () -> new RowDecoder(SCHEMA, new RowEncoding(List.of(new OneHot("checking", 3), duration, new Quantile("amount", List.of(1.0), true)))));
        assertRefused("a row of 7 floats at 1 does not fit in 7", () -> DECODER.decodeLikeliest(new float[7], 1));
    }

    @Test
    void aMalformedDecodingInJsonFailsWithTheSameReason() {
        String json = "{\"columns\":[{\"encoding\":\"MODE_SPECIFIC\",\"column\":\"age\",\"means\":[30],\"stds\":[-1],\"min\":18,\"max\":80}]}";
        var e = assertThrows(ValueInstantiationException.class, () -> EventJson.MAPPER.readValue(json, RowEncoding.class));
        assertTrue(e.getOriginalMessage().contains("column 'age' std -1.0 of mode 0 is not positive"), e.getOriginalMessage());
    }

    private static void assertRefused(String message, Runnable construction) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construction::run).getMessage());
    }
}
