package io.synthstream.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/** ONNX operators that Tribuo's {@code ONNXOperators} lacks, declared through its {@link ONNXOperator} interface. */
public enum OnnxOps implements ONNXOperator {
    RELU("Relu", 1, 0, 14),
    LEAKY_RELU("LeakyRelu", 1, 0, 16, new ONNXAttribute("alpha", AttributeType.FLOAT, false)),
    TANH("Tanh", 1, 0, 13),
    RESHAPE("Reshape", 2, 0, 14),
    /** Inputs data, starts, ends and optional axes, steps (int64 tensors). */
    SLICE("Slice", 3, 2, 13),
    /** Inputs X, scale, B, mean, var (inference form). */
    BATCH_NORMALIZATION("BatchNormalization", 5, 0, 15, new ONNXAttribute("epsilon", AttributeType.FLOAT, false)),
    /** Inputs X, W [C_in, C_out, kH, kW] and an optional bias B [C_out]. */
    CONV_TRANSPOSE("ConvTranspose", 2, 1, 11,
            new ONNXAttribute("kernel_shape", AttributeType.INTS, false),
            new ONNXAttribute("strides", AttributeType.INTS, false),
            new ONNXAttribute("pads", AttributeType.INTS, false));

    private final String opName;
    private final int numInputs;
    private final int numOptionalInputs;
    private final int version;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOps(String opName, int numInputs, int numOptionalInputs, int version, ONNXAttribute... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOptionalInputs = numOptionalInputs;
        this.version = version;
        Map<String, ONNXAttribute> m = new HashMap<>();
        for (ONNXAttribute a : attributes) m.put(a.getName(), a);
        this.attributes = Collections.unmodifiableMap(m);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return numOptionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return version;
    }

    /**
     * The default ONNX domain, written as "" like the opset import ({@link OnnxGraphs#model}) and Tribuo's own operators:
     * "ai.onnx" is its other name, which ONNX Runtime accepts but onnx.checker refuses when only "" is imported.
     */
    @Override
    public String getOpDomain() {
        return "";
    }
}
