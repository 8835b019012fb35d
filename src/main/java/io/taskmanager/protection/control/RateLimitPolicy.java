package io.taskmanager.protection.control;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * A named token bucket: {@code quota} requests per {@code window}, refilled smoothly, so a
 * client that waits gets capacity back a little at a time rather than all at once.
 */
public record RateLimitPolicy(String name, long quota, Duration window) {

    public BucketConfiguration bucket() {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(quota).refillGreedy(quota, window))
                .build();
    }

    /** The IETF draft's RateLimit-Policy value, e.g. {@code "auth";q=10;w=60}. */
    public String header() {
        return "\"" + name + "\";q=" + quota + ";w=" + window.toSeconds();
    }
}
