package io.taskmanager.protection.control;

/**
 * What protection tells whoever observes it (the metrics), as CDI events, so protection
 * itself depends on no observer.
 */
public final class ProtectionEvents {

    private ProtectionEvents() {
    }

    /** A request refused with 429 by the named rate-limit policy. */
    public record RateLimitRejected(String policy) {
    }

    /** A client address banned now (not one whose ban another instance imposed first). */
    public record BanImposed(String ip) {
    }
}
