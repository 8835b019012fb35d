package io.taskmanager.accounts.control;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this instance verified lately, by their exact text. A client sends the same
 * token on every request for an hour, and checking its RS256 signature and parsing its
 * claims again cost more CPU than the rest of a task request's own code.
 * <p>
 * Only a token that passed verification enters, so nothing a forger sends is ever kept, and
 * a hit needs the whole text, byte for byte. Expiry is checked on every hit. Revocation is
 * not this class's business: it is checked per request after verification, as before.
 * <p>
 * Bounded by two generations of at most {@code generationSize} entries each: when the young
 * one is full it becomes the old one and the old one is dropped; a hit in the old generation
 * moves the token to the young one, so tokens in use stay.
 */
final class RecentlyVerifiedTokens {

    private final int generationSize;
    private final int clockSkewSeconds;
    private volatile Map<String, VerifiedToken> young = new ConcurrentHashMap<>();
    private volatile Map<String, VerifiedToken> old = new ConcurrentHashMap<>();

    RecentlyVerifiedTokens(int generationSize, int clockSkewSeconds) {
        this.generationSize = generationSize;
        this.clockSkewSeconds = clockSkewSeconds;
    }

    /** The token verified earlier, if it has not expired since; null otherwise. */
    VerifiedToken find(String compact, Instant now) {
        VerifiedToken token = young.get(compact);
        if (token == null) {
            token = old.get(compact);
            if (token == null) {
                return null;
            }
            remember(compact, token);
        }
        // the same allowance as the verifier's, so a hit never outlives what a fresh check accepts
        return now.isBefore(token.expiresAt().plusSeconds(clockSkewSeconds)) ? token : null;
    }

    void remember(String compact, VerifiedToken token) {
        Map<String, VerifiedToken> current = young;
        if (current.size() >= generationSize) {
            synchronized (this) {
                if (young == current) {
                    old = current;
                    young = new ConcurrentHashMap<>();
                }
                current = young;
            }
        }
        current.put(compact, token);
    }
}
