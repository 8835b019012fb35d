package io.taskmanager.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(4);

    @Test
    void passwordsThatShareTheFirst72BytesStillDiffer() {
        String prefix = "p".repeat(72);
        assertTrue((prefix + "A").getBytes(StandardCharsets.UTF_8).length > 72);

        String hash = hasher.hash(prefix + "A");

        assertTrue(hasher.matches(prefix + "A", hash));
        assertFalse(hasher.matches(prefix + "B", hash));
        assertFalse(hasher.matches(prefix, hash));
    }

    @Test
    void hashesCarryTheConfiguredCostAndAFreshSalt() {
        String first = hasher.hash("a long enough password");
        String second = hasher.hash("a long enough password");

        assertTrue(first.startsWith("$2a$04$"), first);
        assertEquals(60, first.length());
        assertFalse(first.equals(second));
    }

    @Test
    void theDecoyNeverMatches() {
        assertFalse(hasher.matchesNothing("decoy password that matches no account"));
    }

    @Test
    void aCorruptStoredHashIsAMismatchNotAnError() {
        assertFalse(hasher.matches("whatever password", "not a bcrypt hash"));
    }

    @Test
    void refusesACostOutsideBcryptsRange() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(3));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(32));
    }
}
