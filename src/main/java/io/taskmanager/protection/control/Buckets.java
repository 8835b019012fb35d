package io.taskmanager.protection.control;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.jcache.Bucket4jJCache;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.spi.CachingProvider;

/**
 * Token buckets in JCache, provided by embedded Infinispan and named explicitly: Payara has
 * JCache providers of its own, and the first use of Infinispan costs seconds, so the cache
 * is opened when the application starts, not on the first request.
 */
@ApplicationScoped
public class Buckets {

    static final String PROVIDER = "org.infinispan.jcache.embedded.JCachingProvider";
    static final String CACHE = "rate-limit-buckets";
    private static final Logger LOG = Logger.getLogger(Buckets.class.getName());

    private CacheManager cacheManager;
    private ProxyManager<String> proxies;

    void open(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        proxies();
    }

    private synchronized ProxyManager<String> proxies() {
        if (proxies == null) {
            long start = System.nanoTime();
            ClassLoader application = Buckets.class.getClassLoader();
            CachingProvider provider = Caching.getCachingProvider(PROVIDER, application);
            cacheManager = provider.getCacheManager(provider.getDefaultURI(), application);
            Cache<String, byte[]> cache = cacheManager.getCache(CACHE, String.class, byte[].class);
            if (cache == null) {
                // an idle bucket is full again within its window; two windows of quiet and it can go
                cache = cacheManager.createCache(CACHE, new MutableConfiguration<String, byte[]>()
                        .setTypes(String.class, byte[].class)
                        .setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 2))));
            }
            proxies = Bucket4jJCache.entryProcessorBasedBuilder(cache).build();
            LOG.info(() -> "rate-limit buckets ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        }
        return proxies;
    }

    /** Takes one token from the bucket under {@code key}, creating it full when absent. */
    public ConsumptionProbe take(String key, RateLimitPolicy policy) {
        return proxies().builder().build(key, policy::bucket).tryConsumeAndReturnRemaining(1);
    }

    @PreDestroy
    synchronized void close() {
        if (cacheManager != null) {
            cacheManager.close();
        }
    }
}
