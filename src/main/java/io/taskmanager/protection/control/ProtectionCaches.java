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
import javax.cache.spi.CachingProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.AdvancedCache;
import org.infinispan.context.Flag;

/**
 * The JCache caches of the protection layer, from embedded Infinispan named explicitly:
 * Payara has JCache providers of its own, and the first use of Infinispan costs seconds,
 * so the caches are opened when the application starts, not on the first request. Keys
 * and values are strings and byte arrays, which every Infinispan marshaller carries; in a
 * cluster the only other thing on the wire is {@link BucketCommand} (see {@link ProtectionSchema}).
 *
 * <p>Each cache holds at most {@code taskmanager.protection.max-clients} entries on this
 * instance, the least recently seen client's going first ({@link TrackedClients}), so that
 * rotating addresses (IPv6 gives an attacker as many networks as it likes) cannot fill the heap.
 * Buckets and bans are bounded apart: a flood of new addresses pushes out other buckets, never
 * a ban. What eviction costs is stated in SECURITY.md: an evicted bucket is full again and an
 * evicted strike count starts again from zero.
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

    /** The most entries each protection cache holds on this instance (buckets and bans are bounded apart). */
    @Inject
    @ConfigProperty(name = "taskmanager.protection.max-clients", defaultValue = "100000")
    int maxClients;

    /** Shared by every member; the members' traffic is encrypted and authenticated with a key derived from it. */
    @Inject
    @ConfigProperty(name = "taskmanager.cluster.secret")
    Optional<String> clusterSecret;

    private CacheManager cacheManager;
    private volatile Cache<String, byte[]> buckets;
    private TrackedClients bucketKeys;
    private TrackedClients banKeys;
    // written last when opening: once it is set, both caches and their trackers are
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

    /** Marks the bucket {@code key} as used now; past the bound, the least recently used bucket leaves this instance. */
    public void bucketUsed(String key) {
        ensureOpen();
        bucketKeys.seen(key);
    }

    /** Marks the ban of {@code client} as seen now (made, or met by a request); past the bound, the least recently seen ban leaves. */
    public void banSeen(String client) {
        ensureOpen();
        banKeys.seen(client);
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
            if (maxClients < 1) {
                throw StartupChecks.refuse("taskmanager.protection.max-clients (env TASKMANAGER_PROTECTION_MAX_CLIENTS) must be at least 1, not "
                        + maxClients);
            }
            boolean clustered = !clusterMembers.isBlank() || !clusterDnsQuery.isBlank();
            cacheManager = provider.getCacheManager(!clustered ? CacheDefinitions.local(banDuration, maxClients)
                    : ClusterConfiguration.write(clusterMembers, clusterDnsQuery, clusterBindAddress, clusterBindPort, banDuration, maxClients,
                    secret()), application);
            buckets = cacheManager.getCache(BUCKETS);
            bucketKeys = new TrackedClients(maxClients, dropFromThisInstance(buckets));
            Cache<String, String> banCache = cacheManager.getCache(BANS);
            banKeys = new TrackedClients(maxClients, dropFromThisInstance(banCache));
            bans = banCache;
            String mode = !clustered ? "local"
                    : "clustered with " + (clusterDnsQuery.isBlank() ? clusterMembers.strip() : "DNS " + clusterDnsQuery.strip());
            LOG.info(() -> "protection caches (" + mode + ", at most " + maxClients + " clients each) ready in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
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

    /**
     * Removes a key from this instance's memory only, as Infinispan's own eviction does: the bound
     * is per instance, and another member that still sees the client keeps its entry.
     */
    private static <V> java.util.function.Consumer<String> dropFromThisInstance(Cache<String, V> cache) {
        @SuppressWarnings("unchecked")
        AdvancedCache<String, V> local = cache.unwrap(AdvancedCache.class).withFlags(Flag.CACHE_MODE_LOCAL);
        return local::remove;
    }

    @PreDestroy
    synchronized void close() {
        if (cacheManager != null) {
            cacheManager.close();
        }
    }
}
