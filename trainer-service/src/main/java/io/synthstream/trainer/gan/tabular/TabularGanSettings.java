package io.synthstream.trainer.gan.tabular;

import java.util.List;

/**
 * The hyper-parameters of a conditional tabular GAN; {@link #defaults(long)} are CTGAN's (Xu et al. 2019): batch
 * 500, packs of 10, latent 128, G and D widths 256-256, Adam 2e-4 with β1 0.5, Gumbel-softmax τ 0.2, dropout 0.5 in
 * D; but the hinge loss, not CTGAN's WGAN-GP (DJL has no double backprop): on credit-g (3 000 steps) hinge reached
 * column similarity 0.942 where BCE reached 0.905, its D overpowering G.
 *
 * @param batchSize          rows per step; a multiple of {@code pac}
 * @param pac                rows the discriminator judges together (PacGAN), which penalises mode collapse
 * @param generatorWidths    widths of the generator's residual blocks (each concatenates its input)
 * @param discriminatorWidths widths of the discriminator's hidden layers
 * @param conditionSampling  how a step draws the classes it conditions on
 */
public record TabularGanSettings(long seed, int batchSize, int pac, int latentSize, List<Integer> generatorWidths,
        List<Integer> discriminatorWidths, double generatorLearningRate, double discriminatorLearningRate, Loss loss,
        ConditionSampling conditionSampling, float gumbelTemperature, float dropout) {

    /** BCE on logits, or the hinge loss. DJL has no double backprop, so no gradient penalty. */
    public enum Loss { BCE, HINGE }

    /**
     * Training-by-sampling: a step draws each row's class first, then a real row of that class, so a rare class is
     * seen more often than its share. LOG_FREQUENCY draws class c with probability ∝ log(1 + count_c) (CTGAN);
     * UNIFORM with equal probability; EMPIRICAL as often as it occurs.
     */
    public enum ConditionSampling { LOG_FREQUENCY, UNIFORM, EMPIRICAL }

    public TabularGanSettings {
        if (pac < 1 || batchSize < pac || batchSize % pac != 0) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be a positive multiple of pac " + pac);
        }
        generatorWidths = List.copyOf(generatorWidths);
        discriminatorWidths = List.copyOf(discriminatorWidths);
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout " + dropout);
    }

    public static TabularGanSettings defaults(long seed) {
        return new TabularGanSettings(seed, 500, 10, 128, List.of(256, 256), List.of(256, 256), 2e-4, 2e-4, Loss.HINGE,
                ConditionSampling.LOG_FREQUENCY, 0.2f, 0.5f);
    }

    public TabularGanSettings withBatch(int batch, int packs) {
        return new TabularGanSettings(seed, batch, packs, latentSize, generatorWidths, discriminatorWidths, generatorLearningRate,
                discriminatorLearningRate, loss, conditionSampling, gumbelTemperature, dropout);
    }

    public TabularGanSettings withWidths(int latent, List<Integer> generator, List<Integer> discriminator) {
        return new TabularGanSettings(seed, batchSize, pac, latent, generator, discriminator, generatorLearningRate,
                discriminatorLearningRate, loss, conditionSampling, gumbelTemperature, dropout);
    }

    public TabularGanSettings withLoss(Loss l) {
        return new TabularGanSettings(seed, batchSize, pac, latentSize, generatorWidths, discriminatorWidths, generatorLearningRate,
                discriminatorLearningRate, l, conditionSampling, gumbelTemperature, dropout);
    }

    public TabularGanSettings withConditionSampling(ConditionSampling s) {
        return new TabularGanSettings(seed, batchSize, pac, latentSize, generatorWidths, discriminatorWidths, generatorLearningRate,
                discriminatorLearningRate, loss, s, gumbelTemperature, dropout);
    }
}
