package io.synthstream.trainer.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthstream.contracts.rows.RowSchema.Kind;
import io.synthstream.trainer.data.tabular.RawTable.Declaration;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArffTableReaderTest {
    private static RawTable read(String arff) {
        try {
            return ArffTableReader.read("t.arff", new StringReader(arff));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRefused(String message, String arff) {
        assertEquals(message, assertThrows(TabularDataException.class, () -> read(arff)).getMessage());
    }

    @Test
    void readsDeclarationsQuotesCommentsAndMissingValues() {
        RawTable t = read("""
                % a comment before anything
                @RELATION 'loans 2'

                @attribute 'checking status' { '<0', "0<=X<200", none}  % trailing comment
                @attribute duration NUMERIC
                @attribute age integer
                @attribute ratio real
                @attribute class{good,bad}
                @data
                '<0', 6, 67, 0.5, good
                % a comment between rows
                none,?,22,-1.5e2,'bad'
                '?', 12 , ?, .25, "good" % the quoted ? is the category, not a gap
                """);
        assertEquals(List.of("checking status", "duration", "age", "ratio", "class"), t.columnNames());
        assertEquals(Declaration.nominal(List.of("<0", "0<=X<200", "none")), t.declarations().get(0));
        assertEquals(Declaration.numeric(false), t.declarations().get(1));
        assertEquals(Declaration.numeric(true), t.declarations().get(2));
        assertEquals(Kind.NUMERIC, t.declarations().get(3).kind());
        assertEquals(List.of("good", "bad"), t.declarations().get(4).categories());
        assertEquals(3, t.rows().size());
        assertArrayEquals(new String[] {"<0", "6", "67", "0.5", "good"}, t.rows().get(0));
        assertArrayEquals(new String[] {"none", null, "22", "-1.5e2", "bad"}, t.rows().get(1));
        assertArrayEquals(new String[] {"?", "12", null, ".25", "good"}, t.rows().get(2));
        assertArrayEquals(new int[] {10, 12, 13}, t.lines());
        assertEquals("row 2 (line 12)", t.where(1));
    }

    @Test
    void backslashEscapesInsideQuotes() {
        RawTable t = read("@relation r\n@attribute a {'it\\'s', \"say \\\"hi\\\"\"}\n@attribute y {p,q}\n@data\n'it\\'s',p\n\"say \\\"hi\\\"\",q\n");
        assertEquals(List.of("it's", "say \"hi\""), t.declarations().get(0).categories());
        assertEquals("say \"hi\"", t.rows().get(1)[0]);
        assertFalse(t.rows().isEmpty());
    }

    @Test
    void refusesWhatATabularGanCannotLearnSayingWhy() {
        String head = "@relation r\n@attribute a numeric\n@attribute y {p,q}\n";
        assertRefused("t.arff: line 2: attribute 'name' is of type string: tabular data sets take numeric (numeric, real, integer) "
                + "and nominal ({a, b, ...}) attributes only", "@relation r\n@attribute name string\n@data\n");
        assertRefused("t.arff: line 2: attribute 'when' is of type date: tabular data sets take numeric (numeric, real, integer) "
                + "and nominal ({a, b, ...}) attributes only", "@relation r\n@attribute when date \"yyyy-MM-dd\"\n@data\n");
        assertRefused("t.arff: line 5: sparse ARFF rows ({index value, ...}) are not supported: write the file in dense form",
                head + "@data\n{0 1.5, 1 q}\n");
        assertRefused("t.arff: line 5: instance weights ({w} after a row) are not supported", head + "@data\n1,p,{2}\n");
    }

    @Test
    void raggedRowsAreRefusedWithRowLineAndAttributes() {
        String head = "@relation r\n@attribute a numeric\n@attribute y {p,q}\n@data\n";
        assertRefused("t.arff: row 2 (line 6) has 3 values, expected 2 (the attributes are [a, y])", head + "1,p\n2,q,3\n");
        assertRefused("t.arff: row 1 (line 5) has 1 values, expected 2 (the attributes are [a, y])", head + "1\n");
    }

    @Test
    void malformedHeadersAndValuesNameTheirLine() {
        assertRefused("t.arff: line 1: @attribute before @relation", "@attribute a numeric\n");
        assertRefused("t.arff: line 2: @data before any @attribute", "@relation r\n@data\n");
        assertRefused("t.arff: no @data section (is this an ARFF file?)", "@relation r\n@attribute a numeric\n");
        assertRefused("t.arff: line 2: attribute 'a' has the unknown type 'float'", "@relation r\n@attribute a float\n");
        assertRefused("t.arff: line 2: attribute 'a' has no type", "@relation r\n@attribute a\n");
        assertRefused("t.arff: line 3: attribute 'a' declared twice", "@relation r\n@attribute a numeric\n@attribute a numeric\n");
        assertRefused("t.arff: line 2: attribute 'y' lists 'p' twice", "@relation r\n@attribute y {p, p}\n");
        assertRefused("t.arff: line 2: attribute 'y' has an empty nominal value", "@relation r\n@attribute y {p,,q}\n");
        assertRefused("t.arff: line 2: attribute 'y': expected ',' or '}' in its nominal values", "@relation r\n@attribute y {p, q\n");
        assertRefused("t.arff: line 2: unexpected text after @attribute: 'extra'", "@relation r\n@attribute a numeric extra\n");
        assertRefused("t.arff: line 2: expected @relation, @attribute or @data, found 'a,1'", "@relation r\na,1\n");
        assertRefused("t.arff: line 4: a quoted value opened with ' is not closed on its line",
                "@relation r\n@attribute y {p,q}\n@data\n'p\n");
        assertRefused("t.arff: line 5: an empty value in row 1 (write ? for a missing value)",
                "@relation r\n@attribute a numeric\n@attribute y {p,q}\n@data\n,p\n");
        assertRefused("t.arff: line 5: expected ',' after value 1 of row 1",
                "@relation r\n@attribute a {'x y'}\n@attribute y {p,q}\n@data\n'x y' z,p\n");
    }
}
