package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.RowSchema.Kind;
import java.util.List;

/**
 * A file's cells as read, before any typing: the column names, what the file declares about each column (ARFF does,
 * CSV does not), and each row's cells as text with {@code null} for a missing value.
 *
 * @param source       the file's name, which every error message starts with
 * @param columnNames  in file order
 * @param declarations one per column, or empty when the format declares nothing (CSV)
 * @param rows         each as long as {@code columnNames} (the readers refuse ragged rows)
 * @param lines        the line each row ends on, for error messages
 */
public record RawTable(String source, List<String> columnNames, List<Declaration> declarations, List<String[]> rows, int[] lines) {

    /**
     * What a file says a column is.
     *
     * @param kind       numeric or categorical (ARFF nominal)
     * @param integer    declared as ARFF {@code integer}: every value must be a whole number
     * @param categories a nominal column's values in declared order (empty for numeric)
     */
    public record Declaration(Kind kind, boolean integer, List<String> categories) {
        public static Declaration numeric(boolean integer) {
            return new Declaration(Kind.NUMERIC, integer, List.of());
        }

        public static Declaration nominal(List<String> categories) {
            return new Declaration(Kind.CATEGORICAL, false, List.copyOf(categories));
        }
    }

    public RawTable {
        columnNames = List.copyOf(columnNames);
        declarations = List.copyOf(declarations);
        if (!declarations.isEmpty() && declarations.size() != columnNames.size()) {
            throw new IllegalArgumentException(declarations.size() + " declarations for " + columnNames.size() + " columns");
        }
        if (lines.length != rows.size()) throw new IllegalArgumentException(lines.length + " line numbers for " + rows.size() + " rows");
    }

    public boolean declared() {
        return !declarations.isEmpty();
    }

    /** "row 12 (line 40)": data rows count from 1, lines as an editor shows them. */
    public String where(int row) {
        return "row " + (row + 1) + " (line " + lines[row] + ")";
    }
}
