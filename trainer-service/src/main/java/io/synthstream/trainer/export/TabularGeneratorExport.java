package io.synthstream.trainer.export;

import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.trainer.data.tabular.RowTransform;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.gan.tabular.TabularGanTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The export stage of a tabular generator: writes the averaged generator with its activations as ONNX
 * ({@link TabularGeneratorOnnx}), loads the file with ONNX Runtime as a service would ({@link GeneratorSession}) and
 * checks it against DJL on a fixed batch: the activated rows within {@link GeneratorExport#PARITY_TOLERANCE}, and the
 * rows the contracts' {@link RowDecoder} reads from both (equally seeded) the same. The inverse transform is not in
 * the graph: it travels as the {@link RowEncoding} this returns.
 */
public final class TabularGeneratorExport {
    /** How far a decoded number may move with the float differences the parity check allows, as a share of its column's range. */
    static final double DECODED_TOLERANCE = 1e-3;

    private TabularGeneratorExport() {
    }

    /**
     * @param onnxFile    the file written, as published
     * @param encoding    how a consumer decodes the graph's output (with {@code schema})
     * @param parityMaxAbsDiff max |DJL − ONNX Runtime| over the activated parity rows
     */
    public record ExportedTabularGenerator(Path onnxFile, int latentSize, RowSchema schema, RowEncoding encoding, long step,
                                           double parityMaxAbsDiff) {
        public RowDecoder decoder() {
            return new RowDecoder(schema, encoding);
        }

        public GeneratorSession open() throws IOException {
            return new GeneratorSession(onnxFile, latentSize);
        }

        /** The contract a version of this generator is published with: output [width] rows, the schema's classes. */
        public GeneratorContract contract() {
            return new GeneratorContract(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT, latentSize, schema.classes().size(),
                    schema.classes(), List.of(encoding.width()), -1.0, 1.0, OnnxGraphs.OPSET, TrainingJobRequested.PRECISION_FLOAT32);
        }
    }

    /** @throws ExportCheckFailedException when the file has another output shape, fails the parity check or decodes otherwise */
    public static ExportedTabularGenerator export(TabularGanTraining training, Path folder) throws IOException {
        RowTransform transform = training.transform();
        int latent = training.settings().latentSize();
        byte[] onnx = TabularGeneratorOnnx.export(training.generatorBlock(), latent, training.classes(), transform.spans(), transform.width());
        Files.createDirectories(folder);
        Path onnxFile = folder.resolve(GeneratorExport.ONNX_FILE);
        Files.write(onnxFile, onnx);
        float[] z = GanTraining.gaussian(new SplittableRandom(7), GeneratorExport.PARITY_BATCH * latent);
        int[] labels = new int[GeneratorExport.PARITY_BATCH];
        for (int i = 0; i < labels.length; i++) labels[i] = i % training.classes();
        float[] djl = training.activatedOutput(labels, z);
        float[] ort;
        try (GeneratorSession session = new GeneratorSession(onnxFile, latent)) {
            long[] shape = session.outputShape(3);
            if (!Arrays.equals(shape, new long[] {3, transform.width()})) {
                throw new ExportCheckFailedException("ONNX output shape " + Arrays.toString(shape) + " != [3, " + transform.width() + "]");
            }
            ort = session.generate(z, labels);
        }
        double parity = maxAbsDiff(djl, ort);
        if (!(parity <= GeneratorExport.PARITY_TOLERANCE)) {
            throw new ExportCheckFailedException(String.format("ONNX parity check failed: max |DJL - ONNX Runtime| = %.3g > %.0e",
                    parity, GeneratorExport.PARITY_TOLERANCE));
        }
        String differing = firstDifferingRow(transform.decoder(), djl, ort, labels.length);
        if (differing != null) throw new ExportCheckFailedException("ONNX rows decode otherwise than DJL's: " + differing);
        return new ExportedTabularGenerator(onnxFile, latent, transform.schema(), transform.rowEncoding(), training.step(), parity);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    /**
     * Null when both outputs, decoded with equally seeded sources, give the same rows: every category the same, every
     * number within {@link #DECODED_TOLERANCE} of its column's range (or one step of an integral column, which a
     * value at a rounding boundary may take); else the first row that differs, both ways.
     */
    static String firstDifferingRow(RowDecoder decoder, float[] a, float[] b, int rows) {
        SplittableRandom ra = new SplittableRandom(11), rb = new SplittableRandom(11);
        double[][] decodedA = new double[rows][], decodedB = new double[rows][];
        for (int r = 0; r < rows; r++) {
            decodedA[r] = decoder.decode(a, r * decoder.width(), ra);
            decodedB[r] = decoder.decode(b, r * decoder.width(), rb);
        }
        RowSchema schema = decoder.schema();
        for (int c = 0; c < schema.columns().size(); c++) {
            RowSchema.Column column = schema.columns().get(c);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] row : decodedA) {
                lo = Math.min(lo, row[c]);
                hi = Math.max(hi, row[c]);
            }
            double tolerance = column.numeric() ? Math.max(DECODED_TOLERANCE * (hi - lo), column.integral() ? 1 : 0) : 0;
            for (int r = 0; r < rows; r++) {
                if (!(Math.abs(decodedA[r][c] - decodedB[r][c]) <= tolerance)) {
                    return "row " + r + " " + Arrays.toString(decodedA[r]) + " vs " + Arrays.toString(decodedB[r]) + " in column '" + column.name() + "'";
                }
            }
        }
        return null;
    }
}
