package io.taskmanager.accounts.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Tokens that are random values rather than signed claims (refresh tokens, personal access
 * tokens): 256 random bits in base64url, kept only as their SHA-256. A plain hash suffices:
 * with 256 random bits there is nothing to guess offline.
 */
final class OpaqueTokens {

    /** 32 random bytes in base64url without padding. */
    static final int LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueTokens() {
    }

    static String newValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code value} could be one: checked before any query. */
    static boolean wellFormed(String value) {
        return value != null && value.length() == LENGTH && value.chars()
                .allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }
}
