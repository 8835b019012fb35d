package io.taskmanager.protection.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of a cluster shares ({@code taskmanager.cluster.secret}, env
 * {@code TASKMANAGER_CLUSTER_SECRET}) and the key derived from it. The secret is meant to be
 * random (for example {@code openssl rand -base64 32}), so HKDF (RFC 5869, HMAC-SHA256) is the
 * right derivation: it spreads the secret's entropy over a key bound to its one use; a
 * password-stretching function would only slow the start. The string itself is never a key.
 */
final class ClusterSecret {

    /** Characters; 32 base64 characters carry 192 bits, 32 of anything typed still far more than a guess can reach. */
    static final int MINIMUM_LENGTH = 32;
    static final String SETTING = "taskmanager.cluster.secret (env TASKMANAGER_CLUSTER_SECRET)";
    private static final byte[] SALT = "io.taskmanager cluster v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTION = "JGroups SYM_ENCRYPT ChaCha20-Poly1305".getBytes(StandardCharsets.US_ASCII);

    static final String CIPHER = "ChaCha20-Poly1305";
    private final byte[] secret;

    private ClusterSecret(byte[] secret) {
        this.secret = secret;
    }

    /** The secret, or IllegalArgumentException saying what is wrong with it (never the secret itself). */
    static ClusterSecret of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(SETTING + " is not set; every member of a cluster needs the same one, at least "
                    + MINIMUM_LENGTH + " characters (for example: openssl rand -base64 32)");
        }
        if (secret.strip().length() < MINIMUM_LENGTH) {
            throw new IllegalArgumentException(SETTING + " has " + secret.strip().length() + " characters; it needs at least "
                    + MINIMUM_LENGTH + " (for example: openssl rand -base64 32)");
        }
        return new ClusterSecret(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The 256-bit key that encrypts and authenticates every message between members. */
    SecretKey encryptionKey() {
        // named as the cipher: SYM_ENCRYPT replaces its sym_algorithm by the key's algorithm when they differ
        return new SecretKeySpec(hkdfSha256(SALT, secret, ENCRYPTION, 32), CIPHER);
    }

    /** HKDF-SHA256 (RFC 5869): extract with the salt, then expand to {@code length} bytes for {@code info}. */
    static byte[] hkdfSha256(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(inputKeyMaterial);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            byte[] output = new byte[length];
            byte[] block = new byte[0];
            for (int offset = 0, counter = 1; offset < length; offset += block.length, counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                block = mac.doFinal();
                System.arraycopy(block, 0, output, offset, Math.min(block.length, length - offset));
            }
            Arrays.fill(pseudoRandomKey, (byte) 0);
            return output;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
