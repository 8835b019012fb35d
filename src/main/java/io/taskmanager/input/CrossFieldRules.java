package io.taskmanager.input;

import java.util.function.BiConsumer;

/**
 * A request record with rules that span fields; {@link JsonRecordReader} reports their
 * failures together with the per-field ones.
 */
public interface CrossFieldRules {

    /** Reports each broken rule as (field, message). Called only when the fields bound. */
    void check(BiConsumer<String, String> failure);
}
