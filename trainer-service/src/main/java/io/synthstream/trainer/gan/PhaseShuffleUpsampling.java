package io.synthstream.trainer.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transposed convolution (kernel 4, stride 2, padding 1: doubles H and W), computed the way
 * DJL's PyTorch engine can (it has no deconvolution): a 2×2 convolution with padding 1 and
 * 4·filters output channels gives the four output phases (row parity a, column parity b) at once;
 * each is cropped to H×W and the four are interleaved (a pixel shuffle), then one bias per filter is
 * added. This is exactly ConvTranspose(k4, s2, p1) with
 * {@code W[ci, co, 3-(a+2r), 3-(b+2c)] = K[(2a+b)·filters+co, ci, r, c]}, which is how it is exported.
 */
public final class PhaseShuffleUpsampling extends AbstractBlock {
    private final int filters;
    private final Conv2d phases;
    private final Parameter bias;

    public PhaseShuffleUpsampling(int filters, boolean withBias) {
        this.filters = filters;
        this.phases = addChildBlock("phases", Conv2d.builder().setKernelShape(new Shape(2, 2)).optPadding(new Shape(1, 1))
                .setFilters(4 * filters).optBias(false).build());
        this.bias = withBias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(filters)).build())
                : null;
    }

    public int filters() {
        return filters;
    }

    /** The 2×2 phase kernel, [4·filters, C_in, 2, 2]. */
    public NDArray phaseKernel() {
        return phases.getParameters().get("weight").getArray();
    }

    /** The per-filter bias, or null when the block has none (it is followed by batch norm). */
    public NDArray biasOrNull() {
        return bias == null ? null : bias.getArray();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0), h = x.getShape().get(2), w = x.getShape().get(3);
        NDArray all = phases.forward(ps, new NDList(x), training).singletonOrThrow(); // [N, 4F, H+1, W+1]
        NDList rows = new NDList();
        for (int a = 0; a < 2; a++) {
            NDList columns = new NDList();
            for (int b = 0; b < 2; b++) {
                int first = (2 * a + b) * filters;
                columns.add(all.get(new NDIndex(":, {}:{}, {}:{}, {}:{}", first, first + filters, a, a + h, b, b + w)));
            }
            rows.add(NDArrays.stack(columns, 4)); // [N, F, H, W, 2(b)]
        }
        NDArray y = NDArrays.stack(rows, 3).reshape(n, filters, 2 * h, 2 * w); // [N, F, H, 2(a), W, 2(b)] → interleaved
        if (bias != null) {
            y = y.add(ps.getValue(bias, x.getDevice(), training).reshape(1, filters, 1, 1));
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, 2 * in.get(2), 2 * in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        phases.initialize(manager, dataType, inputShapes);
    }
}
