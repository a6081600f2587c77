package io.synthstream.trainer.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import io.synthstream.contracts.rows.RowSchema.Kind;
import io.synthstream.trainer.data.DatasetException;
import io.synthstream.trainer.data.tabular.TabularDataset.MissingValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularDatasetDefinitionTest {
    private static final String ARFF_HEAD = """
            @relation loans
            @attribute amount numeric
            @attribute years integer
            @attribute purpose {car, tv, 'other thing'}
            @attribute class {good, bad}
            @data
            """;

    @TempDir
    Path dir;

    private TabularDataset read(String name, String content, String label, Map<String, Kind> overrides, List<String> classes) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        return new TabularDatasetDefinition(file, label, overrides, classes).read();
    }

    private void assertRefused(String message, String name, String content, String label, Map<String, Kind> overrides, List<String> classes) {
        var e = assertThrows(TabularDataException.class, () -> read(name, content, label, overrides, classes));
        assertEquals(message, e.getMessage());
    }

    @Test
    void csvKindsAreInferredAndCategoriesSorted() throws IOException {
        TabularDataset d = read("t.csv", "age,score,zip,job,y\n30,0.5,10,clerk,no\n41,1.25,9,admin,yes\n25,-2,10,clerk,no\n",
                "y", Map.of(), List.of());
        RowSchema schema = d.schema();
        assertEquals(List.of(Column.numeric("age", true), Column.numeric("score", false), Column.numeric("zip", true),
                Column.categorical("job", List.of("admin", "clerk"))), schema.columns());
        assertEquals("y", schema.labelColumn());
        assertEquals(List.of("no", "yes"), schema.classes());
        assertArrayEquals(new double[] {41, 1.25, 9, 0}, d.row(1));
        assertEquals(1, d.category(0, 3));
        assertEquals(-2, d.number(2, 1));
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());
        assertEquals(Map.of("no", 2, "yes", 1), d.classCounts());
        assertTrue(d.missingValues().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> d.category(0, 0), "age is numeric");
    }

    @Test
    void overridesTurnCodesIntoCategoriesAndNominalNumbersIntoNumbers() throws IOException {
        TabularDataset d = read("t.csv", "zip,level,y\n10,1,no\n9,3,yes\n10,2,no\n", "y",
                Map.of("zip", Kind.CATEGORICAL, "y", Kind.CATEGORICAL), List.of("yes", "no"));
        assertEquals(List.of("9", "10"), d.schema().column("zip").categories(), "numeric order, not text order");
        assertEquals(List.of("yes", "no"), d.schema().classes(), "the job's class order");
        assertArrayEquals(new int[] {1, 0, 1}, d.labels());
        TabularDataset a = read("t.arff", "@relation r\n@attribute stars {1,2,3}\n@attribute y {p,q}\n@data\n3,p\n1,q\n", "y",
                Map.of("stars", Kind.NUMERIC), List.of());
        assertEquals(Column.numeric("stars", true), a.schema().column("stars"));
        assertArrayEquals(new double[] {3, 1}, a.column(0));
    }

    @Test
    void missingValuesAreFilledWithMedianOrMostFrequentAndReported() throws IOException {
        TabularDataset d = read("t.arff", ARFF_HEAD + """
                100,1,car,good
                ?,2,tv,good
                300,?,tv,bad
                1000,4,?,bad
                200.5,7,?,good
                """, "class", Map.of(), List.of());
        assertEquals(List.of(new MissingValues("amount", 1, "250.25"), new MissingValues("years", 1, "3"),
                new MissingValues("purpose", 2, "tv")), d.missingValues());
        assertEquals(250.25, d.number(1, 0));
        assertEquals(3, d.number(2, 1), "median 3 of 1, 2, 4, 7, rounded for an integral column");
        assertEquals(1, d.category(3, 2));
        assertFalse(d.schema().column("amount").integral());
        assertTrue(d.schema().column("years").integral());
        assertEquals(List.of("car", "tv", "other thing"), d.schema().column("purpose").categories(), "declared order, unused kept");
        assertEquals("t.arff: 5 rows, 3 feature columns (2 numeric, 1 categorical), label 'class': good 3, bad 2; 4 missing values: "
                + "amount 1 (filled with 250.25), years 1 (filled with 3), purpose 2 (filled with tv)", d.summary());
    }

    @Test
    void aMissingLabelColumnListsTheColumnsThereAre() {
        assertRefused("t.csv: no label column 'label'; the columns are [a, b, y]", "t.csv", "a,b,y\n1,2,p\n3,4,q\n", "label", Map.of(), List.of());
        assertRefused("t.arff: no label column 'class' (did you mean 'Class'?); the columns are [a, Class]", "t.arff",
                "@relation r\n@attribute a numeric\n@attribute Class {p,q}\n@data\n1,p\n", "class", Map.of(), List.of());
    }

    @Test
    void aClassWithNoRowsIsAnError() {
        assertRefused("t.arff: class 'bad' of the label 'class' has no rows (rows per class: good 2, bad 0): a generator cannot learn a "
                + "class it never sees; remove it from the file's declaration", "t.arff", ARFF_HEAD + "1,1,car,good\n2,2,tv,good\n",
                "class", Map.of(), List.of());
        assertRefused("t.csv: class 'maybe' of the label 'y' has no rows (rows per class: no 1, maybe 0, yes 1): a generator cannot learn a "
                + "class it never sees; remove it from the job's classes", "t.csv", "a,y\n1,no\n2,yes\n", "y", Map.of(),
                List.of("no", "maybe", "yes"));
        assertRefused("t.csv: row 2 (line 3): the label 'y' is 'yes', which is not one of the job's classes [no, maybe]", "t.csv",
                "a,y\n1,no\n2,yes\n", "y", Map.of(), List.of("no", "maybe"));
        assertRefused("t.csv: label column 'y' has 1 class(es) [no]: a label needs at least two", "t.csv", "a,y\n1,no\n2,no\n", "y",
                Map.of(), List.of());
    }

    @Test
    void anUnparseableNumberNamesRowLineColumnAndValue() {
        assertRefused("t.arff: row 2 (line 8): column 'amount' is numeric (the file declares it numeric) but has the value 'lots'", "t.arff",
                ARFF_HEAD + "100,1,car,good\nlots,2,tv,bad\n", "class", Map.of(), List.of());
        assertRefused("t.arff: row 1 (line 7): column 'years' is declared integer but has the value '1.5'", "t.arff",
                ARFF_HEAD + "100,1.5,car,good\n", "class", Map.of(), List.of());
        assertRefused("t.csv: row 3 (line 4): column 'zip' is numeric (the job sets it NUMERIC) but has the value '10a'", "t.csv",
                "zip,y\n10,p\n9,q\n10a,p\n", "y", Map.of("zip", Kind.NUMERIC), List.of());
        assertRefused("t.csv: row 1 (line 2): column 'x' is numeric (the job sets it NUMERIC) but has the value 'NaN'", "t.csv",
                "x,y\nNaN,p\n1,q\n", "y", Map.of("x", Kind.NUMERIC), List.of());
        assertRefused("t.arff: row 1 (line 7): column 'purpose' has the value 'boat', which is not one of its declared categories "
                + "[car, tv, other thing]", "t.arff", ARFF_HEAD + "1,1,boat,good\n", "class", Map.of(), List.of());
    }

    @Test
    void raggedRowsFromEitherFormatAreErrors() {
        assertRefused("t.csv: row 1 (line 2) has 1 values, expected 2 (the columns are [a, y])", "t.csv", "a,y\n1\n", "y", Map.of(), List.of());
        assertRefused("t.arff: row 1 (line 7) has 3 values, expected 4 (the attributes are [amount, years, purpose, class])", "t.arff",
                ARFF_HEAD + "1,1,good\n", "class", Map.of(), List.of());
    }

    @Test
    void labelsAreCategoricalAndNeverImputed() {
        assertRefused("t.csv: row 2 (line 3): the label 'y' is missing; a row without a class cannot be learned per class (fill it in or "
                + "remove the row)", "t.csv", "a,y\n1,p\n2,\n", "y", Map.of(), List.of());
        assertRefused("t.csv: the label column 'y' cannot be NUMERIC: rows are generated per class, so a label is categorical", "t.csv",
                "a,y\n1,0\n2,1\n", "y", Map.of("y", Kind.NUMERIC), List.of());
        assertRefused("t.arff: the label column 'y' is declared numeric; a label is categorical: declare it nominal ({a, b, ...}), "
                + "set its kind CATEGORICAL in the job, or list its classes in the job", "t.arff",
                "@relation r\n@attribute a numeric\n@attribute y numeric\n@data\n1,0\n", "y", Map.of(), List.of());
    }

    @Test
    void otherMistakesAreNamed() throws IOException {
        assertRefused("t.csv: the job sets the kind of column 'zip', which is not in the file; the columns are [a, y]", "t.csv",
                "a,y\n1,p\n2,q\n", "y", Map.of("zip", Kind.NUMERIC), List.of());
        assertRefused("t.csv: column 'a' has no value in any of its 2 rows", "t.csv", "a,b,y\n,1,p\n?,2,q\n", "y", Map.of(), List.of());
        assertRefused("t.csv: no data rows", "t.csv", "a,y\n", "y", Map.of(), List.of());
        assertRefused("t.csv: a row schema needs at least one feature column", "t.csv", "y\np\nq\n", "y", Map.of(), List.of());
        assertRefused("t.json: unknown tabular format, expected a .csv (header row) or .arff file", "t.json", "{}", "y", Map.of(), List.of());
        var missing = assertThrows(TabularDataException.class, () -> new TabularDatasetDefinition(dir.resolve("none.csv"), "y").read());
        assertTrue(missing.getMessage().startsWith("none.csv: no such file: "), missing.getMessage());
        assertTrue(missing instanceof DatasetException, "a training job reports it like any bad data set");
        Files.write(dir.resolve("latin1.csv"), new byte[] {'a', ',', 'y', '\n', (byte) 0xe9, ',', 'p', '\n'});
        var latin1 = assertThrows(TabularDataException.class, () -> new TabularDatasetDefinition(dir.resolve("latin1.csv"), "y").read());
        assertTrue(latin1.getMessage().startsWith("latin1.csv: not UTF-8 text"), latin1.getMessage());
    }
}
