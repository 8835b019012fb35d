package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginIT {

    private final Api api = Api.service();

    @Test
    void byUsernameReturnsABearerTokenWithTheContractClaims() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());

        Reply reply = api.postJson("/api/auth/login", json("username", account.username(), account.password()));

        assertEquals(200, reply.status(), reply::body);
        JsonObject body = reply.json();
        assertEquals("Bearer", body.getString("token_type"));
        assertEquals(3600, body.getInt("expires_in"));
        String token = body.getString("token");
        assertEquals("RS256", Tokens.header(token).getString("alg"));
        JsonObject claims = Tokens.payload(token);
        assertEquals("task-manager", claims.getString("iss"));
        assertEquals(account.username(), claims.getString("upn"));
        assertEquals(List.of("user"), claims.getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(3600, claims.getJsonNumber("exp").longValue() - claims.getJsonNumber("iat").longValue());
        assertTrue(claims.getString("jti").length() >= 16);
        JsonObject me = api.get("/api/users/me", token).json();
        assertEquals(String.valueOf(me.getJsonNumber("id").longValue()), claims.getString("sub"));
    }

    @Test
    void byEmailOrUsernameInAnyCase() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());

        assertEquals(200, api.postJson("/api/auth/login", json("email", account.email().toUpperCase(), account.password())).status());
        assertEquals(200, api.postJson("/api/auth/login", json("username", account.username().toUpperCase(), account.password())).status());
    }

    @Test
    void wrongPasswordAndUnknownAccountLookTheSame() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());

        JsonObject wrong = assertError(api.postJson("/api/auth/login", json("username", account.username(), "not-the-password")),
                401, "INVALID_CREDENTIALS");
        Reply unknownReply = api.postJson("/api/auth/login", json("username", Account.fresh().username(), "not-the-password"));
        JsonObject unknown = assertError(unknownReply, 401, "INVALID_CREDENTIALS");

        assertEquals(withoutInstance(wrong), withoutInstance(unknown));
        assertEquals("Bearer", unknownReply.header("WWW-Authenticate").orElse(null));
    }

    @Test
    void unknownAccountsTakeAboutAsLongAsWrongPasswords() {
        // each sample is a first failure on a fresh name: repeated failures would hit the lockout
        Account warm = Account.fresh();
        assertEquals(201, api.signup(warm).status());
        api.postJson("/api/auth/login", json("username", warm.username(), "not-the-password"));
        api.postJson("/api/auth/login", json("username", Account.fresh().username(), "not-the-password"));

        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Account account = Account.fresh();
            assertEquals(201, api.signup(account).status());
            wrong.add(timed(json("username", account.username(), "not-the-password")));
            unknown.add(timed(json("username", Account.fresh().username(), "not-the-password")));
        }

        double ratio = (double) median(unknown) / median(wrong);
        assertTrue(ratio > 0.6 && ratio < 1.6, "median unknown " + median(unknown) + " ns vs wrong " + median(wrong) + " ns");
    }

    @Test
    void exactlyOneIdentifierIsRequired() {
        Account account = Account.fresh();
        String both = Json.createObjectBuilder().add("username", account.username()).add("email", account.email())
                .add("password", account.password()).build().toString();
        String neither = Json.createObjectBuilder().add("password", account.password()).build().toString();

        for (String body : List.of(both, neither)) {
            JsonObject details = assertError(api.postJson("/api/auth/login", body), 400, "BAD_REQUEST").getJsonObject("details");
            assertEquals("Provide exactly one of username or email.", details.getJsonArray("username").getString(0));
            assertEquals("Provide exactly one of username or email.", details.getJsonArray("email").getString(0));
        }
    }

    @Test
    void aMissingPasswordIs400() {
        String body = Json.createObjectBuilder().add("username", "someone").build().toString();
        JsonObject details = assertError(api.postJson("/api/auth/login", body), 400, "BAD_REQUEST").getJsonObject("details");
        assertEquals("Missing data for required field.", details.getJsonArray("password").getString(0));
    }

    private long timed(String body) {
        long start = System.nanoTime();
        Reply reply = api.postJson("/api/auth/login", body);
        long elapsed = System.nanoTime() - start;
        assertEquals(401, reply.status());
        return elapsed;
    }

    private static long median(List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static JsonObject withoutInstance(JsonObject error) {
        return Json.createObjectBuilder(error).remove("instance").build();
    }

    private static String json(String identifierField, String identifier, String password) {
        return Json.createObjectBuilder().add(identifierField, identifier).add("password", password).build().toString();
    }
}
