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
    RELU("Relu", 1, 14),
    LEAKY_RELU("LeakyRelu", 1, 16, new ONNXAttribute("alpha", AttributeType.FLOAT, false)),
    TANH("Tanh", 1, 13),
    RESHAPE("Reshape", 2, 14);

    private final String opName;
    private final int numInputs;
    private final int version;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOps(String opName, int numInputs, int version, ONNXAttribute... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
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
        return 0;
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

    @Override
    public String getOpDomain() {
        return "ai.onnx";
    }
}
