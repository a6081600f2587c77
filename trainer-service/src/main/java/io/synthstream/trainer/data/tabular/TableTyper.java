package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import io.synthstream.contracts.rows.RowSchema.Kind;
import io.synthstream.trainer.data.tabular.RawTable.Declaration;
import io.synthstream.trainer.data.tabular.TabularDataset.MissingValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Types a {@link RawTable} as a {@link TabularDatasetDefinition} asks. A column's kind is the job's override, else
 * the file's declaration (ARFF), else inferred: numeric when every present value is a plain decimal number, else
 * categorical. A numeric column is integral when declared {@code integer} or when every value is whole. A categorical
 * column's categories are its declared ones (ARFF) or its values sorted (numerically when all are numbers).
 *
 * <p>Missing values are filled in and reported per column ({@link TabularDataset#missingValues()}):
 * <ul>
 * <li>numeric: the median of the column's present values (rounded for an integral column). Amounts and durations are
 * skewed (credit-g's credit_amount), and a mean would put the gaps above most real rows; the median is a real-looking
 * value in range.</li>
 * <li>categorical: the most frequent category (the first declared on a tie), not a category of its own: the schema
 * then lists exactly the file's categories, the contract served rows are checked against, and no generated row
 * holds a "missing" value a consumer would take for data. Where a gap means something (vote.arff: an abstention),
 * the count in the report shows it, and the file can name it as an explicit category.</li>
 * <li>the label: never filled. A row without a class cannot be learned per class, so it is an error.</li>
 * </ul>
 */
final class TableTyper {
    /** Plain decimal numbers only: Double.parseDouble would also take "NaN", "1d" and "0x1p3". */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final RawTable table;
    private final TabularDatasetDefinition definition;
    private final int rowCount;

    private TableTyper(RawTable table, TabularDatasetDefinition definition) {
        this.table = table;
        this.definition = definition;
        this.rowCount = table.rows().size();
    }

    static TabularDataset type(RawTable table, TabularDatasetDefinition definition) {
        return new TableTyper(table, definition).type();
    }

    private TabularDataset type() {
        if (rowCount == 0) throw fail("no data rows");
        int label = labelIndex();
        checkOverrides(label);
        double[][] values = new double[rowCount][table.columnNames().size() - 1];
        List<Column> columns = new ArrayList<>();
        List<MissingValues> missing = new ArrayList<>();
        for (int c = 0; c < table.columnNames().size(); c++) {
            if (c == label) continue;
            int f = columns.size();
            columns.add(kindOf(c) == Kind.NUMERIC ? numeric(c, f, values, missing) : categorical(c, f, values, missing));
        }
        List<String> classes = classes(label);
        int[] labels = labels(label, classes);
        try {
            return new TabularDataset(table.source(), new RowSchema(columns, table.columnNames().get(label), classes), values, labels, missing);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private int labelIndex() {
        List<String> names = table.columnNames();
        int label = names.indexOf(definition.labelColumn());
        if (label >= 0) return label;
        String like = names.stream().filter(n -> n.equalsIgnoreCase(definition.labelColumn())).findFirst()
                .map(n -> " (did you mean '" + n + "'?)").orElse("");
        throw fail("no label column '" + definition.labelColumn() + "'" + like + "; the columns are " + names);
    }

    private void checkOverrides(int label) {
        definition.kindOverrides().forEach((name, kind) -> {
            if (!table.columnNames().contains(name)) {
                throw fail("the job sets the kind of column '" + name + "', which is not in the file; the columns are " + table.columnNames());
            }
            if (name.equals(table.columnNames().get(label)) && kind == Kind.NUMERIC) {
                throw fail("the label column '" + name + "' cannot be NUMERIC: rows are generated per class, so a label is categorical");
            }
        });
    }

    private Kind kindOf(int c) {
        Kind override = definition.kindOverrides().get(table.columnNames().get(c));
        if (override != null) return override;
        if (table.declared()) return table.declarations().get(c).kind();
        for (String[] row : table.rows()) if (row[c] != null && !NUMBER.matcher(row[c]).matches()) return Kind.CATEGORICAL;
        return Kind.NUMERIC;
    }

    private Column numeric(int c, int f, double[][] values, List<MissingValues> missing) {
        String name = table.columnNames().get(c);
        boolean declaredInteger = table.declared() && table.declarations().get(c).integer();
        String why = definition.kindOverrides().containsKey(name) ? "the job sets it NUMERIC" : "the file declares it numeric";
        boolean whole = true;
        int gaps = 0;
        for (int r = 0; r < rowCount; r++) {
            String cell = table.rows().get(r)[c];
            if (cell == null) {
                values[r][f] = Double.NaN;
                gaps++;
                continue;
            }
            double v = NUMBER.matcher(cell).matches() ? Double.parseDouble(cell) : Double.NaN;
            if (!Double.isFinite(v)) {
                throw fail(table.where(r) + ": column '" + name + "' is numeric (" + why + ") but has the value '" + cell + "'");
            }
            if (v != Math.rint(v)) {
                if (declaredInteger) throw fail(table.where(r) + ": column '" + name + "' is declared integer but has the value '" + cell + "'");
                whole = false;
            }
            values[r][f] = v;
        }
        requireSomeValue(name, gaps);
        boolean integral = declaredInteger || whole;
        if (gaps > 0) {
            double median = median(values, f);
            if (integral) median = Math.floor(median + 0.5);
            for (double[] row : values) if (Double.isNaN(row[f])) row[f] = median;
            missing.add(new MissingValues(name, gaps, BigDecimal.valueOf(median).stripTrailingZeros().toPlainString()));
        }
        return Column.numeric(name, integral);
    }

    private Column categorical(int c, int f, double[][] values, List<MissingValues> missing) {
        String name = table.columnNames().get(c);
        boolean declared = table.declared() && table.declarations().get(c).kind() == Kind.CATEGORICAL;
        List<String> categories = declared ? table.declarations().get(c).categories() : sortedValues(c);
        Map<String, Integer> index = indexOf(categories);
        int[] counts = new int[categories.size()];
        int gaps = 0;
        for (int r = 0; r < rowCount; r++) {
            String cell = table.rows().get(r)[c];
            if (cell == null) {
                values[r][f] = -1;
                gaps++;
                continue;
            }
            Integer i = index.get(cell);
            if (i == null) {
                throw fail(table.where(r) + ": column '" + name + "' has the value '" + cell + "', which is not one of its declared categories "
                        + categories);
            }
            counts[i]++;
            values[r][f] = i;
        }
        requireSomeValue(name, gaps);
        if (gaps > 0) {
            int mode = 0;
            for (int i = 1; i < counts.length; i++) if (counts[i] > counts[mode]) mode = i;
            for (double[] row : values) if (row[f] < 0) row[f] = mode;
            missing.add(new MissingValues(name, gaps, categories.get(mode)));
        }
        return Column.categorical(name, categories);
    }

    private List<String> classes(int label) {
        if (!definition.classes().isEmpty()) return definition.classes();
        String name = table.columnNames().get(label);
        if (table.declared() && definition.kindOverrides().get(name) == null) {
            Declaration declaration = table.declarations().get(label);
            if (declaration.kind() == Kind.CATEGORICAL) return declaration.categories();
            throw fail("the label column '" + name + "' is declared numeric; a label is categorical: declare it nominal ({a, b, ...}), "
                    + "set its kind CATEGORICAL in the job, or list its classes in the job");
        }
        return sortedValues(label);
    }

    private int[] labels(int label, List<String> classes) {
        String name = table.columnNames().get(label);
        String from = !definition.classes().isEmpty() ? "the job's classes" : table.declared() ? "the file's declaration" : "the file";
        if (new LinkedHashSet<>(classes).size() != classes.size()) throw fail(from + " list a class twice: " + classes);
        Map<String, Integer> index = indexOf(classes);
        int[] labels = new int[rowCount];
        int[] counts = new int[classes.size()];
        for (int r = 0; r < rowCount; r++) {
            String cell = table.rows().get(r)[label];
            if (cell == null) {
                throw fail(table.where(r) + ": the label '" + name + "' is missing; a row without a class cannot be learned per class "
                        + "(fill it in or remove the row)");
            }
            Integer i = index.get(cell);
            if (i == null) throw fail(table.where(r) + ": the label '" + name + "' is '" + cell + "', which is not one of " + from + " " + classes);
            labels[r] = i;
            counts[i]++;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                StringJoiner perClass = new StringJoiner(", ");
                for (int k = 0; k < counts.length; k++) perClass.add(classes.get(k) + " " + counts[k]);
                throw fail("class '" + classes.get(i) + "' of the label '" + name + "' has no rows (rows per class: " + perClass
                        + "): a generator cannot learn a class it never sees; remove it from " + from);
            }
        }
        return labels;
    }

    private void requireSomeValue(String name, int gaps) {
        if (gaps == rowCount) throw fail("column '" + name + "' has no value in any of its " + rowCount + " rows");
    }

    /** The column's distinct present values: in numeric order when all are numbers ("2" before "10"), else in text order. */
    private List<String> sortedValues(int c) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String[] row : table.rows()) if (row[c] != null) distinct.add(row[c]);
        List<String> sorted = new ArrayList<>(distinct);
        boolean numbers = sorted.stream().allMatch(v -> NUMBER.matcher(v).matches());
        sorted.sort(numbers ? Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder());
        return sorted;
    }

    private static double median(double[][] values, int f) {
        double[] present = Arrays.stream(values).mapToDouble(row -> row[f]).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = present.length;
        return n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
    }

    private static Map<String, Integer> indexOf(List<String> values) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < values.size(); i++) index.putIfAbsent(values.get(i), i);
        return index;
    }

    private TabularDataException fail(String what) {
        return new TabularDataException(table.source() + ": " + what);
    }
}
