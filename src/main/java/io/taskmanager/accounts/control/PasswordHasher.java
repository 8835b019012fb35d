package io.taskmanager.accounts.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt with a SHA-384 pre-hash. bcrypt reads only the first 72 bytes of its input; the
 * pre-hash (64 Base64 characters, never a NUL) makes every character of a 128-character
 * password count.
 */
@ApplicationScoped
public class PasswordHasher {

    @Inject
    @ConfigProperty(name = "taskmanager.bcrypt.cost", defaultValue = "12")
    int cost;

    /** Checked against when the account does not exist, so both failures cost one bcrypt. */
    private String decoyHash;

    public PasswordHasher() {
    }

    PasswordHasher(int cost) {
        this.cost = cost;
        init();
    }

    @PostConstruct
    void init() {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("taskmanager.bcrypt.cost must be between 4 and 31, was " + cost);
        }
        decoyHash = hash("decoy password that matches no account");
    }

    public String hash(String password) {
        return BCrypt.hashpw(preHash(password), BCrypt.gensalt(cost));
    }

    public boolean matches(String password, String hash) {
        if (hash == null) {
            // an account without a password (the identity provider's): as slow as a wrong one
            return matchesNothing(password);
        }
        try {
            return BCrypt.checkpw(preHash(password), hash);
        } catch (IllegalArgumentException corruptHash) {
            return false;
        }
    }

    /** Spends the same time as {@link #matches} and always fails. */
    public boolean matchesNothing(String password) {
        BCrypt.checkpw(preHash(password), decoyHash);
        return false;
    }

    static String preHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is required of every Java platform", e);
        }
    }
}
