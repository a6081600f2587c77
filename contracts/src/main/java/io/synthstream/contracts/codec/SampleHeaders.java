package io.synthstream.contracts.codec;

/**
 * Headers of sample records ({@code synthstream.generate.samples} or a reply topic), all UTF-8 strings.
 * The payload layout is described in docs/events.md.
 */
public final class SampleHeaders {
    public static final String REQUEST_ID = "synthstream-request-id";
    public static final String MODEL = "synthstream-model";
    public static final String VERSION = "synthstream-version";
    /** 0-based index of this record among the request's records. */
    public static final String BATCH_INDEX = "synthstream-batch-index";
    /** How many records the request is answered with. */
    public static final String BATCH_COUNT = "synthstream-batch-count";
    /** Samples in this record. */
    public static final String SAMPLE_COUNT = "synthstream-sample-count";
    /** Index of this record's first sample within the request. */
    public static final String FIRST_SAMPLE = "synthstream-first-sample";
    /** Comma-separated class index of each sample in this record. */
    public static final String LABELS = "synthstream-labels";
    /** Comma-separated shape of one sample, e.g. "1,28,28". */
    public static final String SHAPE = "synthstream-shape";
    public static final String FORMAT = "synthstream-format";
    /** The seed the request's latents were drawn from (the request's, or a random one): resend it to get the same samples. */
    public static final String SEED = "synthstream-seed";
    /** "true" on the request's last record. */
    public static final String LAST = "synthstream-last";
    /**
     * Only on the start marker a gateway writes to its own reply topic at each start (no key, no value): the gateway's
     * instance id. It tells another gateway's sweep that the topic is in use; readers skip records without a key.
     */
    public static final String GATEWAY_STARTED = "synthstream-gateway-started";

    /** Dead-letter records: why, and where the original came from. The value is the original payload. */
    public static final String DLQ_REASON = "synthstream-dlq-reason";
    public static final String DLQ_TOPIC = "synthstream-dlq-topic";
    public static final String DLQ_PARTITION = "synthstream-dlq-partition";
    public static final String DLQ_OFFSET = "synthstream-dlq-offset";
    /**
     * Only on a dead letter whose payload was cut to fit the dead-letter topic: the original payload's length. The
     * value then holds its first bytes; the whole request stays on its topic, at the offset given, while retained.
     */
    public static final String DLQ_ORIGINAL_BYTES = "synthstream-dlq-original-bytes";

    private SampleHeaders() {
    }
}
