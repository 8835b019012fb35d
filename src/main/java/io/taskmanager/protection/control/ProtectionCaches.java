package io.taskmanager.protection.control;

import io.taskmanager.platform.StartupChecks;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The JCache caches of the protection layer, from embedded Infinispan named explicitly:
 * Payara has JCache providers of its own, and the first use of Infinispan costs seconds,
 * so the caches are opened when the application starts, not on the first request. Keys
 * and values are strings and byte arrays, which every Infinispan marshaller carries; in a
 * cluster the only other thing on the wire is {@link BucketCommand} (see {@link ProtectionSchema}).
 */
@ApplicationScoped
public class ProtectionCaches {

    static final String PROVIDER = "org.infinispan.jcache.embedded.JCachingProvider";
    static final String BUCKETS = "rate-limit-buckets";
    static final String BANS = "ip-bans";
    private static final Logger LOG = Logger.getLogger(ProtectionCaches.class.getName());

    @Inject
    @ConfigProperty(name = "taskmanager.ban.duration", defaultValue = "PT15M")
    java.time.Duration banDuration;

    @Inject
    @ConfigProperty(name = "taskmanager.cluster.members", defaultValue = " ")
    String clusterMembers;

    @Inject
    @ConfigProperty(name = "taskmanager.cluster.dns-query", defaultValue = " ")
    String clusterDnsQuery;

    @Inject
    @ConfigProperty(name = "taskmanager.cluster.bind-address", defaultValue = "127.0.0.1")
    String clusterBindAddress;

    @Inject
    @ConfigProperty(name = "taskmanager.cluster.bind-port", defaultValue = "7800")
    int clusterBindPort;

    /** Shared by every member; the members' traffic is encrypted and authenticated with a key derived from it. */
    @Inject
    @ConfigProperty(name = "taskmanager.cluster.secret")
    Optional<String> clusterSecret;

    private CacheManager cacheManager;
    private volatile Cache<String, byte[]> buckets;
    // written last when opening: once it is set, both caches are
    private volatile Cache<String, String> bans;

    void open(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        ensureOpen();
    }

    /** Token buckets; an idle one is full again within its window, so after two quiet windows it can go. */
    public Cache<String, byte[]> buckets() {
        ensureOpen();
        return buckets;
    }

    /** Banned client addresses; an entry expires with its ban. Read on every API request, so no lock once open. */
    public Cache<String, String> bans() {
        ensureOpen();
        return bans;
    }

    private void ensureOpen() {
        if (bans == null) {
            open();
        }
    }

    private synchronized void open() {
        if (bans == null) {
            long start = System.nanoTime();
            ClassLoader application = ProtectionCaches.class.getClassLoader();
            CachingProvider provider = Caching.getCachingProvider(PROVIDER, application);
            boolean clustered = !clusterMembers.isBlank() || !clusterDnsQuery.isBlank();
            if (!clustered) {
                cacheManager = provider.getCacheManager(provider.getDefaultURI(), application);
                buckets = cache(BUCKETS, byte[].class, TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 20)));
                bans = cache(BANS, String.class, CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, banDuration.toSeconds())));
            } else {
                cacheManager = provider.getCacheManager(ClusterConfiguration.write(clusterMembers, clusterDnsQuery, clusterBindAddress, clusterBindPort,
                        banDuration, secret()), application);
                buckets = cacheManager.getCache(BUCKETS);
                bans = cacheManager.getCache(BANS);
            }
            String mode = !clustered ? "local"
                    : "clustered with " + (clusterDnsQuery.isBlank() ? clusterMembers.strip() : "DNS " + clusterDnsQuery.strip());
            LOG.info(() -> "protection caches (" + mode + ") ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        }
    }

    /** The cluster secret, or a refused start: without it any host that reaches the JGroups port could join and lift bans. */
    private ClusterSecret secret() {
        try {
            return ClusterSecret.of(clusterSecret.orElse(null));
        } catch (IllegalArgumentException e) {
            throw StartupChecks.refuse("clustering is configured (taskmanager.cluster.members or .dns-query) but " + e.getMessage());
        }
    }

    private <V> Cache<String, V> cache(String name, Class<V> values,
                                       javax.cache.configuration.Factory<? extends javax.cache.expiry.ExpiryPolicy> expiry) {
        Cache<String, V> cache = cacheManager.getCache(name, String.class, values);
        return cache != null ? cache : cacheManager.createCache(name, new MutableConfiguration<String, V>()
                .setTypes(String.class, values)
                .setExpiryPolicyFactory(expiry));
    }

    @PreDestroy
    synchronized void close() {
        if (cacheManager != null) {
            cacheManager.close();
        }
    }
}
