package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowSchemaTest {
    private static final RowSchema CREDIT = new RowSchema(List.of(
            Column.categorical("checking_status", List.of("<0", "0<=X<200", ">=200", "no checking")),
            Column.numeric("duration", true),
            Column.numeric("credit_amount", false)), "class", List.of("good", "bad"));

    @Test
    void roundTripsThroughTheEventMapperKeepingDeclaredOrder() throws Exception {
        byte[] json = EventJson.MAPPER.writeValueAsBytes(CREDIT);
        JsonNode tree = EventJson.MAPPER.readTree(json);
        assertEquals("class", tree.get("labelColumn").asText());
        assertEquals("CATEGORICAL", tree.get("columns").get(0).get("kind").asText());
        assertEquals("0<=X<200", tree.get("columns").get(0).get("categories").get(1).asText());
        assertTrue(tree.get("columns").get(1).get("integral").asBoolean());
        assertFalse(tree.get("columns").get(1).has("numeric"), "derived flags stay out of the JSON: " + tree);
        assertEquals(List.of("columns", "labelColumn", "classes"), fieldNames(tree));
        assertEquals(CREDIT, EventJson.MAPPER.readValue(json, RowSchema.class));
    }

    @Test
    void readsWhatOtherWritersLeaveOutAndToleratesNewFields() throws Exception {
        String json = """
                {"columns":[{"name":"age","kind":"NUMERIC"},{"name":"job","kind":"CATEGORICAL","categories":["a","b"],"unit":"x"}],
                 "labelColumn":"y","classes":["no","yes"],"someFutureField":1}""";
        RowSchema schema = EventJson.MAPPER.readValue(json, RowSchema.class);
        assertEquals(List.of(), schema.column("age").categories());
        assertFalse(schema.column("age").integral());
        assertEquals(1, schema.columnIndex("job"));
        assertEquals(1, schema.classIndex("yes"));
    }

    @Test
    void lookupsNameWhatThereIs() {
        var e = assertThrows(IllegalArgumentException.class, () -> CREDIT.columnIndex("purpose"));
        assertEquals("no feature column 'purpose'; the columns are [checking_status, duration, credit_amount]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CREDIT.classIndex("ok"));
        assertEquals("no class 'ok' in label column 'class'; the classes are [good, bad]", e.getMessage());
    }

    @Test
    void refusesSchemasThatCouldBeReadTwoWays() {
        Column num = Column.numeric("a", false);
        assertRefused("a row schema needs at least one feature column", () -> new RowSchema(List.of(), "y", List.of("0", "1")));
        assertRefused("a row schema needs a label column", () -> new RowSchema(List.of(num), " ", List.of("0", "1")));
        assertRefused("the row schema: column name 'a' appears twice", () -> new RowSchema(List.of(num, num), "y", List.of("0", "1")));
        assertRefused("label column 'a' is also listed as a feature column", () -> new RowSchema(List.of(num), "a", List.of("0", "1")));
        assertRefused("label column 'y' has 1 class(es) [0]: a label needs at least two", () -> new RowSchema(List.of(num), "y", List.of("0")));
        assertRefused("label column 'y': class '0' appears twice", () -> new RowSchema(List.of(num), "y", List.of("0", "1", "0")));
        assertRefused("label column 'y': null in [0, null]", () -> new RowSchema(List.of(num), "y", Arrays.asList("0", null)));
        assertRefused("a column needs a name", () -> Column.numeric("", false));
        assertRefused("column 'b' needs a kind, NUMERIC or CATEGORICAL", () -> new Column("b", null, null, false));
        assertRefused("numeric column 'b' lists categories [x]", () -> new Column("b", RowSchema.Kind.NUMERIC, List.of("x"), false));
        assertRefused("categorical column 'b' has no categories", () -> Column.categorical("b", List.of()));
        assertRefused("column 'b': category 'x' appears twice", () -> Column.categorical("b", List.of("x", "x")));
        assertRefused("categorical column 'b' cannot be integral", () -> new Column("b", RowSchema.Kind.CATEGORICAL, List.of("x"), true));
    }

    @Test
    void anInvalidSchemaInJsonFailsWithTheSameReason() {
        String json = "{\"columns\":[{\"name\":\"a\",\"kind\":\"CATEGORICAL\"}],\"labelColumn\":\"y\",\"classes\":[\"0\",\"1\"]}";
        var e = assertThrows(ValueInstantiationException.class, () -> EventJson.MAPPER.readValue(json, RowSchema.class));
        assertTrue(e.getOriginalMessage().contains("categorical column 'a' has no categories"), e.getOriginalMessage());
    }

    private static void assertRefused(String message, Runnable construction) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construction::run).getMessage());
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
