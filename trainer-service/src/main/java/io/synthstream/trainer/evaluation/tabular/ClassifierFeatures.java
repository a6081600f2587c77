package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Typed rows as the evaluation classifiers see them: every numeric column standardised (mean 0, sd 1, fitted on the
 * rows a classifier trains on, so amounts in thousands do not swamp a logistic regression's steps), every
 * categorical column one-hot (a feature named {@code column=category}, present with value 1). The trees do not need
 * either, but one encoding for both keeps the comparison about the rows, not the encodings.
 */
final class ClassifierFeatures {
    static final LabelFactory LABELS = new LabelFactory();

    private final RowSchema schema;
    private final double[] means;
    private final double[] sds;
    private final String[][] names; // per column: one name (numeric) or one per category

    private ClassifierFeatures(RowSchema schema, double[] means, double[] sds) {
        this.schema = schema;
        this.means = means;
        this.sds = sds;
        this.names = new String[schema.columns().size()][];
        for (int c = 0; c < names.length; c++) {
            RowSchema.Column column = schema.columns().get(c);
            names[c] = column.numeric() ? new String[] {column.name()}
                    : column.categories().stream().map(k -> column.name() + "=" + k).toArray(String[]::new);
        }
    }

    /** Standardisation fitted on {@code rows}; a constant column keeps sd 1 (it carries no information either way). */
    static ClassifierFeatures fit(RowSchema schema, double[][] rows) {
        int n = schema.columns().size();
        double[] means = new double[n], sds = new double[n];
        for (int c = 0; c < n; c++) {
            sds[c] = 1;
            if (!schema.columns().get(c).numeric() || rows.length == 0) continue;
            double sum = 0;
            for (double[] r : rows) sum += r[c];
            means[c] = sum / rows.length;
            double ss = 0;
            for (double[] r : rows) ss += (r[c] - means[c]) * (r[c] - means[c]);
            double sd = Math.sqrt(ss / rows.length);
            if (sd > 0) sds[c] = sd;
        }
        return new ClassifierFeatures(schema, means, sds);
    }

    /** One row as a Tribuo example of class {@code label}. */
    Example<Label> example(double[] row, int label) {
        int n = schema.columns().size();
        String[] featureNames = new String[n];
        double[] values = new double[n];
        for (int c = 0; c < n; c++) {
            if (schema.columns().get(c).numeric()) {
                featureNames[c] = names[c][0];
                values[c] = (row[c] - means[c]) / sds[c];
            } else {
                featureNames[c] = names[c][(int) row[c]];
                values[c] = 1;
            }
        }
        return new ArrayExample<>(new Label(schema.classes().get(label)), featureNames, values);
    }

    /** Rows and labels as a Tribuo data set. */
    MutableDataset<Label> dataset(LabelledRows rows, String description) {
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) examples.add(example(rows.rows()[r], rows.labels()[r]));
        return new MutableDataset<>(examples, new SimpleDataSourceProvenance(description, LABELS), LABELS);
    }

    /** The same point in the space distances are taken in: standardised numbers and one-hot categories, as a dense vector. */
    double[] vector(double[] row) {
        int width = 0;
        for (String[] n : names) width += n.length;
        double[] v = new double[width];
        for (int c = 0, o = 0; c < names.length; o += names[c].length, c++) {
            if (schema.columns().get(c).numeric()) v[o] = (row[c] - means[c]) / sds[c];
            else v[o + (int) row[c]] = 1;
        }
        return v;
    }
}
