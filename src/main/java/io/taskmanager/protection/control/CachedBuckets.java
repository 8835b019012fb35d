package io.taskmanager.protection.control;

import io.github.bucket4j.distributed.proxy.AbstractProxyManager;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.Request;
import io.github.bucket4j.distributed.serialization.InternalSerializationHelper;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.cache.Cache;

/**
 * bucket4j's buckets in a JCache cache, each command run on the entry by {@link BucketCommand}.
 * It does what bucket4j's own JCacheProxyManager does, minus the serialized lambda that one
 * sends to Infinispan (see BucketCommand). Every use of a bucket is reported to {@code used},
 * which keeps the number of buckets bounded (see {@link TrackedClients}).
 */
final class CachedBuckets extends AbstractProxyManager<String> {

    private final Cache<String, byte[]> cache;
    private final Consumer<String> used;

    CachedBuckets(Cache<String, byte[]> cache, Consumer<String> used) {
        super(ClientSideConfig.getDefault());
        this.cache = cache;
        this.used = used;
    }

    @Override
    protected <T> CommandResult<T> execute(String key, Request<T> request) {
        used.accept(key);
        byte[] result = cache.invoke(key, new BucketCommand(InternalSerializationHelper.serializeRequest(request)));
        return InternalSerializationHelper.deserializeResult(result, request.getBackwardCompatibilityVersion());
    }

    @Override
    public void removeProxy(String key) {
        cache.remove(key);
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }

    @Override
    protected <T> CompletableFuture<CommandResult<T>> executeAsync(String key, Request<T> request) {
        throw new UnsupportedOperationException("synchronous only");
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        throw new UnsupportedOperationException("synchronous only");
    }
}
