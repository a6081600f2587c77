package io.synthstream.trainer.data.tabular;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file with a header row (RFC 4180, as Apache Commons CSV reads it) into a {@link RawTable}. Values are
 * trimmed; an empty value and an unquoted or quoted {@code ?} are missing (Weka's CSV convention); blank lines are
 * skipped. A row with more or fewer values than the header is refused, not padded: a shifted row would put every
 * value after the gap in the wrong column.
 */
public final class CsvTableReader {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();

    private CsvTableReader() {
    }

    /** @throws IOException when the reader fails (not UTF-8, say); what is wrong with the CSV is a {@link TabularDataException} */
    public static RawTable read(String source, Reader reader) throws IOException {
        try (CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) throw new TabularDataException(source + ": empty file, expected a header row naming the columns");
            List<String> header = header(source, records.next().toList());
            List<String[]> rows = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                int line = (int) parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw new TabularDataException(source + ": row " + (rows.size() + 1) + " (line " + line + ") has " + record.size()
                            + " values, expected " + header.size() + " (the columns are " + header + ")");
                }
                String[] cells = record.values();
                for (int c = 0; c < cells.length; c++) if (cells[c].isEmpty() || cells[c].equals("?")) cells[c] = null;
                rows.add(cells);
                lines.add(line);
            }
            return new RawTable(source, header, List.of(), rows, lines.stream().mapToInt(Integer::intValue).toArray());
        } catch (CSVException bad) {
            throw new TabularDataException(source + ": not valid CSV: " + bad.getMessage());
        } catch (UncheckedIOException e) {
            // Commons CSV's iterator wraps what it meets (a CSVException for malformed quoting) this way
            if (e.getCause() instanceof CSVException bad) throw new TabularDataException(source + ": not valid CSV: " + bad.getMessage());
            throw e.getCause();
        }
    }

    private static List<String> header(String source, List<String> read) {
        List<String> names = new ArrayList<>(read);
        if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) names.set(0, names.get(0).substring(1).strip()); // spreadsheets' UTF-8 BOM
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            if (name.isEmpty()) throw new TabularDataException(source + ": header column " + (c + 1) + " has no name (header " + names + ")");
            if (!seen.add(name)) throw new TabularDataException(source + ": header names column '" + name + "' twice");
        }
        return names;
    }
}
