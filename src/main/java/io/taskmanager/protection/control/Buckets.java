package io.taskmanager.protection.control;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Token buckets by key, kept in the protection caches so every instance sees the same ones. */
@ApplicationScoped
public class Buckets {

    @Inject
    ProtectionCaches caches;

    private volatile ProxyManager<String> proxies;

    private ProxyManager<String> proxies() {
        ProxyManager<String> current = proxies;
        if (current == null) {
            current = new CachedBuckets(caches.buckets(), caches::bucketUsed);
            proxies = current;
        }
        return current;
    }

    /** Takes one token from the bucket under {@code key}, creating it full when absent. */
    public ConsumptionProbe take(String key, RateLimitPolicy policy) {
        return proxies().builder().build(key, policy::bucket).tryConsumeAndReturnRemaining(1);
    }
}
