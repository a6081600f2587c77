package io.synthstream.generator.exactlyonce;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Whose fault a failed transaction is: the batch's, Kafka's or nobody's to recover from. */
class TransactionErrorsTest {
    private static final long TIMEOUT_MS = 1000, SHORT = 1_000_000L, LONG = 2_000_000_000L; // ran 1 ms, 2 s

    @Test
    void anAnswerThatFailsIsTheBatchsFaultUnlessKafkaIsInItsChain() {
        var failed = TransactionErrors.fromAnswering(new IllegalStateException("cannot encode"));
        assertTrue(TransactionErrors.batchAtFault(failed, SHORT, TIMEOUT_MS));
        var wrapped = new IllegalStateException("wrapped", new TimeoutException("broker away"));
        assertSame(wrapped, TransactionErrors.fromAnswering(wrapped), "Kafka's own error, however deep");
        assertFalse(TransactionErrors.batchAtFault(wrapped, LONG, TIMEOUT_MS), "a client that gave up waiting is Kafka's, however long it took");
    }

    @Test
    void theCoordinatorsAbortOnTheTimeoutIsTheBatchsFaultAndTheFirstTellingErrorInTheChainDecides() {
        assertTrue(TransactionErrors.batchAtFault(new KafkaException("commit", new InvalidProducerEpochException("bumped")), SHORT, TIMEOUT_MS));
        assertTrue(TransactionErrors.batchAtFault(new InvalidTxnStateException("aborted on the way"), SHORT, TIMEOUT_MS));
        assertFalse(TransactionErrors.batchAtFault(new TimeoutException("gave up", new InvalidProducerEpochException("bumped")), SHORT, TIMEOUT_MS));
    }

    @Test
    void anErrorThatSaysNeitherCountsAsATimeOutOnlyWhenTheTransactionRanForTheTimeout() {
        var other = new KafkaException("the producer is in an error state");
        assertFalse(TransactionErrors.batchAtFault(other, SHORT, TIMEOUT_MS));
        assertTrue(TransactionErrors.batchAtFault(other, LONG, TIMEOUT_MS));
    }

    @Test
    void aFencedProducerIsFatal() {
        assertTrue(TransactionErrors.fatal(new ProducerFencedException("another instance")));
        assertFalse(TransactionErrors.fatal(new InvalidProducerEpochException("recovered by the abort (KIP-588)")));
    }
}
