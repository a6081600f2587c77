package io.synthstream.trainer.gan.tabular;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The discriminator over PacGAN packs (CTGAN's): input one pack per row, {@code pac} encoded rows with their
 * condition vectors concatenated; hidden Linear → LeakyReLU(0.2) → dropout layers; one logit per pack.
 *
 * <p>Dropout masks come in as extra inputs (one per hidden layer, 0 or 1/(1−p)) instead of DJL's Dropout block,
 * whose masks come from PyTorch's global generator: that state is not in a checkpoint, so a resumed run would
 * drop other units than an uninterrupted one. Without masks (inference) nothing is dropped.
 */
final class PackedDiscriminator extends AbstractBlock {
    private static final float LEAKY_SLOPE = 0.2f;
    private final List<Linear> layers = new ArrayList<>();

    PackedDiscriminator(List<Integer> hiddenWidths) {
        for (int i = 0; i < hiddenWidths.size(); i++) {
            layers.add(addChildBlock("hidden" + i, Linear.builder().setUnits(hiddenWidths.get(i)).build()));
        }
        layers.add(addChildBlock("logit", Linear.builder().setUnits(1).build()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        for (int i = 0; i < layers.size() - 1; i++) {
            x = Activation.leakyRelu(layers.get(i).forward(ps, new NDList(x), training).singletonOrThrow(), LEAKY_SLOPE);
            if (inputs.size() > i + 1) x = x.mul(inputs.get(i + 1));
        }
        return layers.get(layers.size() - 1).forward(ps, new NDList(x), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (Linear layer : layers) {
            layer.initialize(manager, dataType, s);
            s = layer.getOutputShapes(new Shape[] {s})[0];
        }
    }
}
