package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Race;
import io.taskmanager.support.Sql;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignupIT {

    private final Api api = Api.service();

    @Test
    void createsTheAccountWithABcryptHashOfTheConfiguredCost() {
        Account account = Account.fresh();

        Reply reply = api.signup(account);

        assertEquals(201, reply.status(), reply::body);
        assertEquals(account.username() + " user created successfully", reply.json().getString("message"));
        assertTrue(reply.header("Location").orElse("").endsWith("/api/users/me"));
        assertTrue(reply.header("Content-Type").orElse("").startsWith("application/json"));
        String hash = storedHash(account.username());
        assertTrue(hash.startsWith("$2a$" + TestEnvironment.BCRYPT_COST + "$"), hash);
        assertFalse(hash.contains(account.password()));
    }

    @Test
    void aTakenUsernameOrEmailIs409WhateverTheCase() {
        Account first = Account.fresh();
        assertEquals(201, api.signup(first).status());

        Account sameName = new Account(first.username().toUpperCase(), Account.fresh().email(), first.password());
        JsonObject error = assertError(api.signup(sameName), 409, "USER_ALREADY_EXISTS");
        assertEquals("username", error.getJsonObject("details").keySet().iterator().next());

        Account sameEmail = new Account(Account.fresh().username(), first.email().toUpperCase(), first.password());
        error = assertError(api.signup(sameEmail), 409, "USER_ALREADY_EXISTS");
        assertEquals("email", error.getJsonObject("details").keySet().iterator().next());
    }

    @RepeatedTest(Race.ROUNDS)
    void identicalSignupsRacingCreateExactlyOneAccount() {
        Account account = Account.fresh();
        int contenders = 8;

        List<Integer> statuses = Race.run(contenders, i -> api.signup(account).status());

        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses::toString);
        assertEquals(contenders - 1, statuses.stream().filter(status -> status == 409).count(), statuses::toString);
        assertEquals(1, countUsers(account.username()));
    }

    /** Each contender spells the name, or the address, in its own case: the database still keeps one. */
    @RepeatedTest(Race.ROUNDS)
    void signupsRacingInDifferentCaseCreateExactlyOneAccount() {
        Account account = Account.fresh();
        List<Account> spellings = List.of(account,
                new Account(account.username().toUpperCase(Locale.ROOT), account.email(), account.password()),
                new Account(account.username(), account.email().toUpperCase(Locale.ROOT), account.password()),
                new Account(account.username().toUpperCase(Locale.ROOT), account.email().toUpperCase(Locale.ROOT), account.password()));

        List<Integer> statuses = Race.run(8, i -> api.signup(spellings.get(i % spellings.size())).status());

        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses::toString);
        assertEquals(1, countUsers(account.username()));
        assertEquals(1, (int) Sql.number("SELECT count(*) FROM users WHERE lower(email) = lower(?)", account.email()));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "username|ab|Length must be between 3 and 20 characters.",
            "username|abcdefghijklmnopqrstu|Length must be between 3 and 20 characters.",
            "username|has space|Only letters, digits, '_', '.' and '-' are allowed.",
            "username|ünïcode|Only letters, digits, '_', '.' and '-' are allowed.",
            "email|not-an-email|Not a valid email address.",
            "email|a@b|Not a valid email address.",
            "email|two@@example.com|Not a valid email address.",
            "password|short7!|Length must be between 8 and 128 characters.",
    })
    void refusesEachInvalidField(String field, String value, String message) {
        JsonObject body = Json.createObjectBuilder(validBody()).add(field, value).build();

        JsonObject error = assertError(api.postJson("/api/auth/signup", body.toString()), 400, "BAD_REQUEST");

        assertEquals(List.of(message), error.getJsonObject("details").getJsonArray(field).getValuesAs(jakarta.json.JsonString::getString));
    }

    @Test
    void refusesTooLongEmailsAndPasswords() {
        String longEmail = "a".repeat(64) + "@" + ("b".repeat(63) + ".").repeat(3) + "com";
        assertTrue(longEmail.length() > 254);
        JsonObject error = assertError(api.postJson("/api/auth/signup",
                Json.createObjectBuilder(validBody()).add("email", longEmail).build().toString()), 400, "BAD_REQUEST");
        assertTrue(error.getJsonObject("details").containsKey("email"));

        error = assertError(api.postJson("/api/auth/signup",
                Json.createObjectBuilder(validBody()).add("password", "x7#".repeat(43)).build().toString()), 400, "BAD_REQUEST");
        assertEquals("Length must be between 8 and 128 characters.",
                error.getJsonObject("details").getJsonArray("password").getString(0));
    }

    @ParameterizedTest
    @CsvSource({"password1", "Iloveyou2", "QWERTYUIOP", "baseball", "trustno1"})
    void refusesCommonPasswordsAndSaysWhy(String common) {
        JsonObject body = Json.createObjectBuilder(validBody()).add("password", common).build();

        JsonObject error = assertError(api.postJson("/api/auth/signup", body.toString()), 400, "BAD_REQUEST");

        String message = error.getJsonObject("details").getJsonArray("password").getString(0);
        assertTrue(message.contains("most common passwords"), message);
    }

    @Test
    void refusesAPasswordThatContainsTheUsername() {
        Account account = Account.fresh();
        JsonObject body = Json.createObjectBuilder(validBody()).add("username", account.username())
                .add("password", "x" + account.username() + "!9").build();

        JsonObject error = assertError(api.postJson("/api/auth/signup", body.toString()), 400, "BAD_REQUEST");

        assertTrue(error.getJsonObject("details").containsKey("password"));
    }

    @Test
    void reportsMissingUnknownAndMistypedFieldsTogether() {
        String body = "{\"username\": 42, \"email\": null, \"user_name\": \"x\"}";

        JsonObject details = assertError(api.postJson("/api/auth/signup", body), 400, "BAD_REQUEST").getJsonObject("details");

        assertEquals("Not a valid string.", details.getJsonArray("username").getString(0));
        assertEquals("Missing data for required field.", details.getJsonArray("email").getString(0));
        assertEquals("Missing data for required field.", details.getJsonArray("password").getString(0));
        assertEquals("Unknown field.", details.getJsonArray("user_name").getString(0));
        assertEquals(4, details.size());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"username\": \"abc\"",
            "[]",
            "\"text\"",
            "{\"username\": \"abc\", \"username\": \"abd\"}",
            "''",
    })
    void malformedJsonIs400(String body) {
        JsonObject error = assertError(api.postJson("/api/auth/signup", body.equals("''") ? "" : body), 400, "BAD_REQUEST");
        assertEquals("Malformed JSON", error.getString("message"));
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = "{\"username\": \"ab\u00ffc\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertError(api.request("POST", "/api/auth/signup").body("application/json", body).send(), 400, "BAD_REQUEST");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        Reply reply = api.request("POST", "/api/auth/signup").body("text/plain", "username=x".getBytes(StandardCharsets.UTF_8)).send();
        assertError(reply, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void everyCharacterOfALongPasswordCounts() {
        String base = "correct horse battery staple, ".repeat(3);
        Account account = new Account(Account.fresh().username(), Account.fresh().email(), base + "tail-one-" + "z".repeat(20));
        assertTrue(account.password().getBytes(StandardCharsets.UTF_8).length > 72);
        assertEquals(201, api.signup(account).status());

        Account samePrefix = new Account(account.username(), account.email(), base + "tail-two-" + "z".repeat(20));
        assertError(api.postJson("/api/auth/login", loginJson(samePrefix)), 401, "INVALID_CREDENTIALS");
        assertEquals(200, api.postJson("/api/auth/login", loginJson(account)).status());
    }

    @Test
    void acceptsA128CharacterPasswordOfAstralCharacters() {
        String emoji = "\uD83D\uDE00".repeat(128);
        Account account = new Account(Account.fresh().username(), Account.fresh().email(), emoji);
        assertEquals(201, api.signup(account).status());
        assertEquals(200, api.postJson("/api/auth/login", loginJson(account)).status());
    }

    private static String loginJson(Account account) {
        return Json.createObjectBuilder().add("username", account.username()).add("password", account.password()).build().toString();
    }

    private static JsonObject validBody() {
        Account account = Account.fresh();
        return Json.createObjectBuilder().add("username", account.username()).add("email", account.email())
                .add("password", account.password()).build();
    }

    private static String storedHash(String username) {
        List<Map<String, Object>> rows = Sql.rows("SELECT password_hash FROM users WHERE username = ?", username);
        assertEquals(1, rows.size(), "no row for " + username);
        return (String) rows.get(0).get("password_hash");
    }

    private static int countUsers(String username) {
        return (int) Sql.number("SELECT count(*) FROM users WHERE lower(username) = lower(?)", username);
    }
}
