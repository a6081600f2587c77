package io.synthstream.contracts.rows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a tabular row is: its feature columns in order, each numeric or categorical, and the label column the
 * rows are conditioned on, with its classes. It travels in a tabular version's event (JSON through
 * {@code codec.EventJson}), so a consumer can decode rows without the training data, and it is checked when built
 * or read: a schema that would let a row be read two ways is refused with an {@link IllegalArgumentException}
 * naming the column.
 *
 * <p>The label is not one of {@code columns}: a row is its feature values in {@code columns}' order plus its class,
 * an index into {@code classes}. Category and class indexes follow the declared order (ARFF's declaration, a CSV
 * column's sorted values), which is part of the contract: a row's category index {@code i} means
 * {@code categories.get(i)}.
 *
 * @param columns     the feature columns, in the order of the source file (the label left out)
 * @param labelColumn the label column's name in the source file
 * @param classes     the label's values, in declared order; at least two
 */
public record RowSchema(List<Column> columns, String labelColumn, List<String> classes) {

    /** How a column's values are typed: a number (double), or one of a fixed list of categories (its index). */
    public enum Kind { NUMERIC, CATEGORICAL }

    /**
     * One feature column.
     *
     * @param name       its name in the source file
     * @param kind       numeric or categorical
     * @param categories a categorical column's values in declared order (empty for a numeric column)
     * @param integral   a numeric column whose values are all whole numbers (counts, ages, amounts): generated
     *                   values are rounded to them; always false for a categorical column
     */
    public record Column(String name, Kind kind, List<String> categories, boolean integral) {
        public Column {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a column needs a name");
            if (kind == null) throw new IllegalArgumentException("column '" + name + "' needs a kind, NUMERIC or CATEGORICAL");
            categories = categories == null ? List.of() : List.copyOf(nonNull(categories, "column '" + name + "'"));
            if (kind == Kind.NUMERIC && !categories.isEmpty()) {
                throw new IllegalArgumentException("numeric column '" + name + "' lists categories " + categories);
            }
            if (kind == Kind.CATEGORICAL) {
                if (categories.isEmpty()) throw new IllegalArgumentException("categorical column '" + name + "' has no categories");
                requireDistinct(categories, "column '" + name + "'", "category");
                if (integral) throw new IllegalArgumentException("categorical column '" + name + "' cannot be integral");
            }
        }

        public static Column numeric(String name, boolean integral) {
            return new Column(name, Kind.NUMERIC, List.of(), integral);
        }

        public static Column categorical(String name, List<String> categories) {
            return new Column(name, Kind.CATEGORICAL, categories, false);
        }

        /** Not bean-style on purpose: JSON carries {@code kind}, not a derived flag. */
        public boolean numeric() {
            return kind == Kind.NUMERIC;
        }
    }

    public RowSchema {
        if (columns == null || columns.isEmpty()) throw new IllegalArgumentException("a row schema needs at least one feature column");
        columns = List.copyOf(nonNull(columns, "the row schema's columns"));
        if (labelColumn == null || labelColumn.isBlank()) throw new IllegalArgumentException("a row schema needs a label column");
        requireDistinct(columns.stream().map(Column::name).toList(), "the row schema", "column name");
        for (Column c : columns) {
            if (c.name().equals(labelColumn)) {
                throw new IllegalArgumentException("label column '" + labelColumn + "' is also listed as a feature column");
            }
        }
        classes = classes == null ? List.of() : List.copyOf(nonNull(classes, "label column '" + labelColumn + "'"));
        if (classes.size() < 2) {
            throw new IllegalArgumentException("label column '" + labelColumn + "' has " + classes.size() + " class(es) " + classes
                    + ": a label needs at least two");
        }
        requireDistinct(classes, "label column '" + labelColumn + "'", "class");
    }

    /** The feature column of that name. */
    public Column column(String name) {
        return columns.get(columnIndex(name));
    }

    /** The position of a feature column in a row. */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
        throw new IllegalArgumentException("no feature column '" + name + "'; the columns are " + columnNames());
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The index of a class, as a row and a generation request carry it. */
    public int classIndex(String className) {
        int i = classes.indexOf(className);
        if (i < 0) throw new IllegalArgumentException("no class '" + className + "' in label column '" + labelColumn + "'; the classes are " + classes);
        return i;
    }

    private static <T> List<T> nonNull(List<T> values, String where) {
        for (T v : values) if (v == null) throw new IllegalArgumentException(where + ": null in " + new ArrayList<>(values));
        return values;
    }

    private static void requireDistinct(List<String> values, String where, String what) {
        Set<String> seen = new HashSet<>();
        for (String v : values) if (!seen.add(v)) throw new IllegalArgumentException(where + ": " + what + " '" + v + "' appears twice");
    }
}
