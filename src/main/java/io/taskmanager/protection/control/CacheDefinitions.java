package io.taskmanager.protection.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The two protection caches as Infinispan declares them, the same on a single instance and in a
 * cluster: buckets go after 20 idle minutes (an idle bucket is full again by then), bans with
 * their duration, and each holds at most {@code taskmanager.protection.max-clients} entries in
 * this instance's memory. {@link TrackedClients} keeps them below that bound in least recently
 * seen order; Infinispan's {@code <memory max-count>} is the backstop that holds the bound
 * whatever else arrives, such as entries replicated from the other members of a cluster
 * (Infinispan evicts per instance, by Caffeine's W-TinyLFU).
 */
final class CacheDefinitions {

    static final Duration BUCKET_IDLE = Duration.ofMinutes(20);

    private CacheDefinitions() {
    }

    /** The cache elements, {@code element} being {@code local-cache} or {@code replicated-cache}, with {@code attributes} added to each. */
    static String caches(String element, String attributes, Duration banDuration, int maxClients) {
        return """
                    <%1$s name="%3$s"%2$s>
                      <expiration max-idle="%4$d"/>
                      <memory max-count="%7$d"/>
                    </%1$s>
                    <%1$s name="%5$s"%2$s>
                      <expiration lifespan="%6$d"/>
                      <memory max-count="%7$d"/>
                    </%1$s>
                """.formatted(element, attributes, ProtectionCaches.BUCKETS, BUCKET_IDLE.toMillis(), ProtectionCaches.BANS,
                banDuration.toMillis(), maxClients);
    }

    /** The configuration of a single instance, written to a temporary file; its URI. */
    static URI local(Duration banDuration, int maxClients) {
        return temporaryFile("task-manager-infinispan-", """
                <infinispan xmlns="urn:infinispan:config:16.0">
                  <cache-container name="task-manager">
                %s  </cache-container>
                </infinispan>
                """.formatted(caches("local-cache", "", banDuration, maxClients)));
    }

    /** {@code xml} in a new temporary file, deleted when the JVM exits; its URI. */
    static URI temporaryFile(String prefix, String xml) {
        try {
            Path file = Files.createTempFile(prefix, ".xml");
            file.toFile().deleteOnExit();
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            return file.toUri();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
