package io.synthstream.trainer.data.tabular;

import io.synthstream.trainer.data.DatasetException;

/**
 * A tabular data set that cannot be read as asked: the message names the file, and where it applies the row, line,
 * column and value, and what there is instead (the columns a missing label could be, the rows per class). A
 * {@link DatasetException}, so a training job reports it as it reports any bad data set.
 */
public class TabularDataException extends DatasetException {
    public TabularDataException(String message) {
        super(message);
    }
}
