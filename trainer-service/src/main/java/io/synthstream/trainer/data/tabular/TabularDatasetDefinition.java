package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.RowSchema.Kind;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tabular data set as a job names it: a CSV (header row) or ARFF file, the label column the rows are generated
 * per class of, and what the job says about the columns where the file is silent or wrong.
 *
 * @param file          a {@code .csv} or {@code .arff} file (UTF-8)
 * @param labelColumn   the column whose values are the classes
 * @param kindOverrides column name → kind, over what the file declares (ARFF) or what the values suggest (CSV): e.g.
 *                      a numeric code that is really a category. Empty: none
 * @param classes       the label's classes in the order the job wants (indexes in requests follow it); every one must
 *                      have rows and every row's label must be one. Empty: the file's declaration (ARFF) or the
 *                      label's values sorted
 */
public record TabularDatasetDefinition(Path file, String labelColumn, Map<String, Kind> kindOverrides, List<String> classes) {

    public enum Format { CSV, ARFF }

    public TabularDatasetDefinition {
        if (file == null) throw new IllegalArgumentException("a tabular data set needs a file");
        if (labelColumn == null || labelColumn.isBlank()) throw new IllegalArgumentException("a tabular data set needs a label column");
        if (kindOverrides != null) {
            kindOverrides.forEach((column, kind) -> {
                if (column == null || kind == null) throw new IllegalArgumentException("a kind override needs a column and a kind: " + column + " → " + kind);
            });
        }
        kindOverrides = kindOverrides == null ? Map.of() : Map.copyOf(kindOverrides);
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    public TabularDatasetDefinition(Path file, String labelColumn) {
        this(file, labelColumn, Map.of(), List.of());
    }

    /** The format, by the file's extension. */
    public Format format() {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return Format.CSV;
        if (name.endsWith(".arff")) return Format.ARFF;
        throw new TabularDataException(file.getFileName() + ": unknown tabular format, expected a .csv (header row) or .arff file");
    }

    /** Reads and types the file. */
    public TabularDataset read() {
        Format format = format();
        String source = file.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            RawTable table = format == Format.CSV ? CsvTableReader.read(source, reader) : ArffTableReader.read(source, reader);
            return type(table);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new TabularDataException(source + ": not UTF-8 text (" + e + ")");
        } catch (NoSuchFileException e) {
            throw new TabularDataException(source + ": no such file: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Types a table already read (tests, and files that are not on disk). */
    public TabularDataset type(RawTable table) {
        return TableTyper.type(table, this);
    }
}
