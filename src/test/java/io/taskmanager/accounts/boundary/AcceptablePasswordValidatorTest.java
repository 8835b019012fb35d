package io.taskmanager.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.accounts.control.CommonPasswords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptablePasswordValidatorTest {

    @Test
    void theListHoldsWellOverTheThreeThousandMostCommonPasswords() {
        assertTrue(CommonPasswords.size() > 15_000, "size " + CommonPasswords.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "12345678", "iloveyou", "sunshine1", "qwertyuiop", "football"})
    void refusesCommonPasswordsInAnyCase(String password) {
        assertTrue(AcceptablePasswordValidator.problem(password).contains("most common passwords"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seven77", ""})
    void refusesShortPasswords(String password) {
        assertTrue(AcceptablePasswordValidator.problem(password).startsWith("Length must be between 8 and 128"));
    }

    @Test
    void countsCharactersNotUtf16Units() {
        String astral = "\uD83D\uDE00";
        assertNull(AcceptablePasswordValidator.problem(astral.repeat(128)));
        assertTrue(AcceptablePasswordValidator.problem(astral.repeat(129)).startsWith("Length"));
        assertTrue(AcceptablePasswordValidator.problem(astral.repeat(7)).startsWith("Length"));
    }

    @Test
    void acceptsAnUncommonPassphrase() {
        assertNull(AcceptablePasswordValidator.problem("violet kettle arithmetic"));
    }
}
