package io.taskmanager.protection.control;

import io.github.bucket4j.distributed.remote.AbstractBinaryTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * One bucket4j command (take a token, read the state …) run where the bucket lives. In a
 * cluster Infinispan ships it to the bucket's owner; it carries nothing but the request in
 * bucket4j's own binary form, so {@link ProtectionSchema} marshals it as one bytes field.
 * bucket4j's JCache integration would ship a serialized lambda instead, which needs Java
 * serialization on the wire.
 */
record BucketCommand(byte[] request) implements EntryProcessor<String, byte[], byte[]> {

    @Override
    public byte[] process(MutableEntry<String, byte[]> entry, Object... arguments) {
        return new AbstractBinaryTransaction(request) {
            @Override
            public boolean exists() {
                return entry.exists();
            }

            @Override
            protected byte[] getRawState() {
                return entry.getValue();
            }

            @Override
            protected void setRawState(byte[] state, RemoteBucketState newState) {
                entry.setValue(state);
            }
        }.execute();
    }
}
