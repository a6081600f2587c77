package io.synthstream.trainer.export;

import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.trainer.gan.GanShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A generator written as the ONNX file to be published, and the figures of the checks it passed on the way:
 * its largest difference from the DJL network it was trained as and, for int8, how far quantization moved it
 * from the float32 export.
 *
 * @param onnx     the bytes in {@code onnxFile}: the int8 artifact where the precision is int8
 * @param step     the training step it was exported at
 * @param quantizationMeanAbsDiff null unless int8, as is {@code quantizationMaxAbsDiff}
 */
public record ExportedGenerator(byte[] onnx, Path onnxFile, GanShape shape, long step, String precision, double parityMaxAbsDiff,
                                Double quantizationMeanAbsDiff, Double quantizationMaxAbsDiff) {

    /** The candidate's folder, where the evaluation leaves the preview grid beside the ONNX file. */
    public Path folder() {
        return onnxFile.getParent();
    }

    /** The file loaded in ONNX Runtime, as the generator service will run it. */
    public GeneratorSession open() throws IOException {
        return new GeneratorSession(onnxFile, shape.latentSize());
    }

    /** What the generator service checks the artifact against before it serves it. */
    public GeneratorContract contract(List<String> classNames) {
        return new GeneratorContract(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT, shape.latentSize(),
                shape.numClasses(), classNames, List.of(shape.channels(), shape.height(), shape.width()), -1.0, 1.0, OnnxGraphs.OPSET, precision);
    }
}
