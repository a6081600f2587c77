package io.synthstream.trainer.evaluation;

/** A candidate version that must not be published; the message says why. */
public class CandidateRejectedException extends RuntimeException {
    public CandidateRejectedException(String message) {
        super(message);
    }
}
