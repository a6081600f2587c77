package io.synthstream.trainer.data;

/** A data set that is unknown, missing or corrupt; the message tells the user what to do. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }
}
