package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.data.tabular.RawTable;
import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.data.tabular.TabularDatasetDefinition;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Some rows of a typed table as a {@link TabularDataset} of their own (a fold's training rows, which a GAN trains
 * on). The data set is built only through its public way in, a {@link RawTable} typed by a definition: every column
 * declared as the schema has it (so categories and classes keep their indexes even where a fold lacks one) and the
 * classes named in the schema's order.
 */
public final class TabularSubsets {
    private TabularSubsets() {
    }

    public static TabularDataset of(RowSchema schema, LabelledRows rows, String source) {
        List<String> names = new ArrayList<>(schema.columnNames());
        names.add(schema.labelColumn());
        List<RawTable.Declaration> declarations = new ArrayList<>();
        for (RowSchema.Column c : schema.columns()) {
            declarations.add(c.numeric() ? RawTable.Declaration.numeric(c.integral()) : RawTable.Declaration.nominal(c.categories()));
        }
        declarations.add(RawTable.Declaration.nominal(schema.classes()));
        List<String[]> cells = new ArrayList<>();
        int features = schema.columns().size();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = new String[features + 1];
            for (int c = 0; c < features; c++) {
                RowSchema.Column column = schema.columns().get(c);
                double v = rows.rows()[r][c];
                row[c] = column.numeric() ? BigDecimal.valueOf(v).toPlainString() : column.categories().get((int) v);
            }
            row[features] = schema.classes().get(rows.labels()[r]);
            cells.add(row);
        }
        int[] lines = new int[cells.size()];
        for (int i = 0; i < lines.length; i++) lines[i] = i + 1;
        RawTable table = new RawTable(source, names, declarations, cells, lines);
        return new TabularDatasetDefinition(Path.of(source), schema.labelColumn(), Map.of(), schema.classes()).type(table);
    }
}
