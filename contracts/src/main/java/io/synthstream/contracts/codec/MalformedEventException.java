package io.synthstream.contracts.codec;

/** A payload that is not the event it should be; the message says why, for logs and dead-letter topics. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
