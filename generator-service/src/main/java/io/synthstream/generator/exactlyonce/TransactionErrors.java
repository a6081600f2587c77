package io.synthstream.generator.exactlyonce;

import java.util.function.Predicate;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Whose fault a failed transaction is, told from its error: Kafka's (retried as long as it lasts, never blamed on a
 * request), the batch's (an answer that failed, or too much to answer within the transaction timeout: the batch is
 * split, and a request that fails alone is dead-lettered), or fatal (the loop stops).
 */
final class TransactionErrors {
    private TransactionErrors() {
    }

    /** Answering failed, not Kafka: a request may be the cause. */
    private static final class AnswerFailed extends RuntimeException {
        AnswerFailed(RuntimeException cause) {
            super(cause.toString(), cause);
        }
    }

    /** An error thrown while answering a batch: Kafka's own as it is, any other as {@link AnswerFailed}. */
    static RuntimeException fromAnswering(RuntimeException e) {
        return inChain(e, KafkaException.class::isInstance) != null ? e : new AnswerFailed(e);
    }

    /**
     * Whether the batch is to blame: an answer that failed, or too much to answer within the transaction timeout (as a
     * request that fails, it would fail every time).
     */
    static boolean batchAtFault(RuntimeException e, long ranNanos, long transactionTimeoutMs) {
        return e instanceof AnswerFailed || timedOut(e, ranNanos, transactionTimeoutMs);
    }

    /**
     * Whether the coordinator aborted the transaction because it outlived {@code transaction.timeout.ms}. The first
     * telling error in the chain decides: the epoch the abort bumped, which the producer's next call meets (or, for a
     * commit that met the abort on its way, InvalidTxnState: KAFKA-20785), says yes; a client's TimeoutException says no
     * (the client gave up waiting: Kafka's). Where neither is in the chain, a transaction that ran for the timeout or
     * longer counts as timed out. (A broker away longer than the timeout whose return meets the coordinator's abort
     * looks the same, and is then blamed on the batch in error: its requests are answered in smaller transactions, or
     * one that meets it three times alone is dead-lettered.)
     */
    private static boolean timedOut(Throwable e, long ranNanos, long transactionTimeoutMs) {
        Throwable telling = inChain(e, t -> t instanceof InvalidProducerEpochException || t instanceof InvalidTxnStateException
                || t instanceof TimeoutException);
        if (telling != null) return !(telling instanceof TimeoutException);
        return ranNanos >= transactionTimeoutMs * 1_000_000L;
    }

    /**
     * Errors after which the producer cannot go on (Kafka's transactional producer docs): the loop stops. Not an
     * InvalidProducerEpochException: it says the coordinator aborted the transaction on its timeout (a broker away longer
     * than that, a transaction too long), which the abort recovers from (KIP-588).
     */
    static boolean fatal(RuntimeException e) {
        return e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException || e instanceof AuthorizationException
                || e instanceof UnsupportedVersionException;
    }

    /** Why a request that failed the batch {@link FailingRequests#ATTEMPTS} times alone is dead-lettered: told to its client. */
    static String deadLetterReason(RuntimeException e, long transactionTimeoutMs) {
        return e instanceof AnswerFailed
                ? "could not be answered (" + FailingRequests.ATTEMPTS + " attempts): " + why(e.getCause()) // the log has the rest
                : "its answer could not be sent within the transaction timeout (" + transactionTimeoutMs + " ms, "
                        + FailingRequests.ATTEMPTS + " attempts): ask for fewer samples per request";
    }

    /** What went wrong: the error's message, not its Java class. */
    private static String why(Throwable t) {
        return t.getMessage() != null && !t.getMessage().isBlank() ? t.getMessage() : "an internal error (see the generator's log)";
    }

    /** The first error of the chain (e, its cause, the cause's cause…) that matches, or null. */
    private static Throwable inChain(Throwable e, Predicate<Throwable> matches) {
        for (Throwable t = e; t != null; t = t.getCause()) if (matches.test(t)) return t;
        return null;
    }
}
