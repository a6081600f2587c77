package io.synthstream.trainer.gan.tabular;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * CTGAN's generator network: residual blocks, each Linear → BatchNorm → ReLU concatenated with its own input (so
 * the latent and the condition reach every layer), then one Linear to the encoded row's width. Its output is raw:
 * the span activations (tanh, Gumbel-softmax) are applied by {@link SpanActivations}.
 */
final class TabularGenerator {
    private TabularGenerator() {
    }

    static Block newBlock(List<Integer> widths, int outputWidth) {
        SequentialBlock g = new SequentialBlock();
        for (int width : widths) {
            Block dense = new SequentialBlock()
                    .add(Linear.builder().setUnits(width).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
            g.add(new ParallelBlock(TabularGenerator::concatenate, List.of(dense, Blocks.identityBlock())));
        }
        return g.add(Linear.builder().setUnits(outputWidth).build());
    }

    private static NDList concatenate(List<NDList> branches) {
        return new NDList(NDArrays.concat(new NDList(branches.get(0).singletonOrThrow(), branches.get(1).singletonOrThrow()), 1));
    }
}
