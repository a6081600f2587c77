package io.synthstream.trainer.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableReaderTest {
    private static RawTable read(String csv) {
        try {
            return CsvTableReader.read("t.csv", new StringReader(csv));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRefused(String message, String csv) {
        assertEquals(message, assertThrows(TabularDataException.class, () -> read(csv)).getMessage());
    }

    @Test
    void readsAHeaderRowQuotedValuesAndGaps() {
        RawTable t = read("age, job ,y\n34,\"clerk, senior\",yes\n\n ,?,no\n\"41\",\"multi\nline\",yes\n");
        assertEquals(List.of("age", "job", "y"), t.columnNames());
        assertFalse(t.declared());
        assertArrayEquals(new String[] {"34", "clerk, senior", "yes"}, t.rows().get(0));
        assertArrayEquals(new String[] {null, null, "no"}, t.rows().get(1), "empty and ? are missing");
        assertArrayEquals(new String[] {"41", "multi\nline", "yes"}, t.rows().get(2));
        assertArrayEquals(new int[] {2, 4, 6}, t.lines(), "the line each row ends on; blank lines skipped");
    }

    @Test
    void aSpreadsheetsByteOrderMarkIsNotPartOfTheFirstName() {
        assertEquals(List.of("a", "y"), read("\uFEFFa,y\n1,p\n").columnNames());
    }

    @Test
    void raggedRowsAreRefusedNotPadded() {
        assertRefused("t.csv: row 2 (line 3) has 2 values, expected 3 (the columns are [a, b, y])", "a,b,y\n1,2,p\n3,q\n");
        assertRefused("t.csv: row 1 (line 2) has 4 values, expected 3 (the columns are [a, b, y])", "a,b,y\n1,2,p,\n");
    }

    @Test
    void headersMustNameEachColumnOnce() {
        assertRefused("t.csv: empty file, expected a header row naming the columns", "");
        assertRefused("t.csv: header column 2 has no name (header [a, , y])", "a,,y\n1,2,p\n");
        assertRefused("t.csv: header names column 'a' twice", "a,a,y\n1,2,p\n");
    }

    @Test
    void brokenQuotingIsNotValidCsv() {
        var e = assertThrows(TabularDataException.class, () -> read("a,y\n\"1,p\n"));
        assertTrue(e.getMessage().startsWith("t.csv: not valid CSV: "), e.getMessage());
    }
}
