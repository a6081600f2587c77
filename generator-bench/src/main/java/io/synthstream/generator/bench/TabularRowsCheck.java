package io.synthstream.generator.bench;

import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.rows.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every answer record of {@link TabularServingBench}'s requests checked and its rows counted, on the reader's thread. */
final class TabularRowsCheck {
    final Map<String, Integer> classOf = new ConcurrentHashMap<>();
    final Map<String, Long> rowsOf = new ConcurrentHashMap<>();
    final AtomicLong wrongRows = new AtomicLong();
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private final RowSchema schema;

    TabularRowsCheck(RowSchema schema) {
        this.schema = schema;
    }

    void check(SampleBatch b) {
        Integer expected = classOf.get(b.requestId());
        if (expected == null) return; // another client's, or a warm-up's
        RowsJson.Rows read = b.rows();
        long wrong = 0;
        for (int i = 0; i < read.rows().size(); i++) {
            boolean ok = read.labels().get(i) == (int) expected && b.labels().get(i) == (int) expected && fits(read.rows().get(i));
            if (!ok) wrong++;
        }
        if (read.rows().size() != b.count() || read.labels().size() != b.count()) wrong += Math.max(1, Math.abs(read.rows().size() - b.count()));
        if (wrong > 0) {
            wrongRows.addAndGet(wrong);
            if (problems.size() < 5) problems.add(b.requestId() + " slice " + b.index() + ": " + wrong + " wrong rows, e.g. " + read.rows().get(0));
        }
        rowsOf.merge(b.requestId(), (long) read.rows().size(), Long::sum);
    }

    /** Each value of its column's kind: a number for a numeric column (whole for an integral one), one of its categories else. */
    private boolean fits(List<Object> row) {
        if (row.size() != schema.columns().size()) return false;
        for (int c = 0; c < row.size(); c++) {
            RowSchema.Column column = schema.columns().get(c);
            Object v = row.get(c);
            if (column.numeric()) {
                if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) return false;
                if (column.integral() && !(v instanceof Integer || v instanceof Long)) return false;
            } else if (!(v instanceof String s) || !column.categories().contains(s)) {
                return false;
            }
        }
        return true;
    }
}
