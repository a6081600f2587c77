package io.synthstream.generator.models;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.onnx.GeneratorInput;
import io.synthstream.onnx.GeneratorOutput;
import io.synthstream.onnx.GeneratorTranslator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded generator version: its ONNX Runtime session (through DJL), its contract, and for a tabular version the
 * decoder of its rows. Reference counted: the registry holds one reference while the version is kept, each inference
 * batch holds one while it runs, and the native session is closed when the last is released — so a swap never closes
 * a session under a batch in flight.
 */
public final class LoadedGenerator {
    /** The output the loader adds to every artifact: the samples as uint8 grey levels ({@link io.synthstream.onnx.Uint8Output}). */
    public static final String UINT8_OUTPUT = "synthstream_uint8";

    private final ModelVersionPublished version;
    private final Model model;
    private final Predictor<GeneratorInput, GeneratorOutput> predictor;
    private final AtomicInteger references = new AtomicInteger(1);
    private final int sampleSize;
    private volatile boolean greyLevelsFromGraph;
    private final RowDecoder rowDecoder;
    /** rows-json's payload sizes, fixed by the schema: counted once, asked of every request. */
    private final long rowsFixedBytes, bytesPerRow;

    /**
     * @param greyLevelOutput whether the loaded graph has the {@link #UINT8_OUTPUT} output
     * @param rowDecoder      the decoder of a tabular version's output ({@link TabularVersionCheck}); null for images
     */
    LoadedGenerator(ModelVersionPublished version, Model model, boolean greyLevelOutput, RowDecoder rowDecoder) {
        this.version = version;
        this.rowDecoder = rowDecoder;
        this.rowsFixedBytes = rowDecoder == null ? 0 : RowsJson.fixedBytes(rowDecoder.schema());
        this.bytesPerRow = rowDecoder == null ? 0 : RowsJson.bytesPerRow(rowDecoder.schema());
        this.greyLevelsFromGraph = greyLevelOutput;
        this.model = model;
        var c = version.contract();
        // the event's names: the artifact's own signature, which the contract announces
        this.predictor = model.newPredictor(new GeneratorTranslator(c.latentSize(), c.latentInput(), c.labelInput(), c.output(),
                greyLevelOutput ? UINT8_OUTPUT : null));
        this.sampleSize = version.contract().sampleShape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }

    public ModelVersionPublished event() {
        return version;
    }

    public String modelName() {
        return version.modelName();
    }

    public long version() {
        return version.version();
    }

    public int latentSize() {
        return version.contract().latentSize();
    }

    public int numClasses() {
        return version.contract().numClasses();
    }

    /** Values per sample (product of the sample shape). */
    public int sampleSize() {
        return sampleSize;
    }

    /** Whether this is a tabular version, whose samples are rows (rows-json, its only format). */
    public boolean servesRows() {
        return rowDecoder != null;
    }

    /** The decoder of this tabular version's output; null for an image version. */
    public RowDecoder rowDecoder() {
        return rowDecoder;
    }

    /** The format a request asks of this version: rows-json of a tabular version when it names none. */
    public SampleFormat format(GenerationRequested request) {
        return request.formatOrDefault(servesRows());
    }

    /**
     * Payload bytes one sample takes in that format at most (a row's bound for rows-json).
     *
     * @throws IllegalArgumentException for a format this version does not serve
     */
    public long payloadBytesPerSample(SampleFormat format) {
        requireServed(format);
        return format.isRows() ? bytesPerRow : format.payloadBytesPerSample(version.contract().sampleShape());
    }

    /** Payload bytes a record of that format holds besides its samples: rows-json's column and class names. */
    public long fixedPayloadBytes(SampleFormat format) {
        requireServed(format);
        return format.isRows() ? rowsFixedBytes : 0;
    }

    private void requireServed(SampleFormat format) {
        if (!format.servesVersion(servesRows())) throw new IllegalArgumentException(version.key() + " does not serve " + format);
    }

    /** Whether this version's grey levels are taken from the graph's uint8 output (checked at load) or encoded from its values. */
    public boolean greyLevelsFromGraph() {
        return greyLevelsFromGraph;
    }

    /** The load-time check's verdict: false turns the graph's grey levels off (never on, without the output). */
    void greyLevelsFromGraph(boolean fromGraph) {
        greyLevelsFromGraph &= fromGraph;
    }

    /** Takes a reference for a batch; false when the version has already been closed. */
    public boolean acquire() {
        while (true) {
            int r = references.get();
            if (r == 0) return false;
            if (references.compareAndSet(r, r + 1)) return true;
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            synchronized (this) {
                predictor.close();
                model.close();
            }
        }
    }

    public boolean isClosed() {
        return references.get() == 0;
    }

    /** n samples for latents z (n × latent) and labels; returns n × sampleSize values. Caller holds a reference. */
    public float[] generate(float[] z, int[] labels) {
        return generate(z, labels, true, false).values();
    }

    /**
     * n samples for latents z (n × latent) and labels, copied out of ONNX Runtime as float values and / or as the
     * grey levels the graph computed from them (only what is asked for is copied). Caller holds a reference.
     */
    public synchronized GeneratorOutput generate(float[] z, int[] labels, boolean values, boolean greyLevels) {
        try {
            GeneratorOutput out = predictor.predict(new GeneratorInput(z, labels, values, greyLevels));
            if (out.values() != null) checkLength(out.values().length, labels.length);
            if (out.greyLevels() != null) checkLength(out.greyLevels().length, labels.length);
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed on " + version.key() + ": " + e.getMessage(), e);
        }
    }

    private void checkLength(int length, int samples) {
        if (length != samples * sampleSize) {
            throw new IllegalStateException(version.key() + " returned " + length + " values for " + samples + " samples");
        }
    }
}
