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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class CurrentUserIT {

    private final Api api = Api.service();

    @Test
    void showsTheCallersAccount() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        String token = api.login(account);

        Reply reply = api.get("/api/users/me", token);

        assertEquals(200, reply.status(), reply::body);
        JsonObject me = reply.json();
        assertEquals(account.username(), me.getString("username"));
        assertEquals(account.email(), me.getString("email"));
        assertTrue(me.getJsonNumber("id").longValue() > 0);
        Instant created = Instant.parse(me.getString("created_at"));
        assertTrue(me.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), me.getString("created_at"));
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(created, Instant.now())) < 120);
        assertEquals(false, me.getBoolean("email_verified"), "no code came back yet");
        assertEquals(5, me.size(), me::toString);
    }

    @Test
    void withoutATokenIs401() {
        Reply reply = api.get("/api/users/me", null);
        assertError(reply, 401, "UNAUTHORIZED");
        assertEquals("Bearer", reply.header("WWW-Authenticate").orElse(null));
    }

    @Test
    void garbageTokensAre401() {
        for (String garbage : new String[] {"garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9..", "x".repeat(5000)}) {
            assertError(api.get("/api/users/me", garbage), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void anUnsignedTokenIs401() {
        long now = Instant.now().getEpochSecond();
        assertError(api.get("/api/users/me", Tokens.unsigned(Tokens.claims("1", "task-manager", now, now + 600))), 401, "UNAUTHORIZED");
    }

    @Test
    void anHs256TokenKeyedWithThePublicKeyIs401() {
        long now = Instant.now().getEpochSecond();
        assertError(api.get("/api/users/me", Tokens.hs256WithPublicKey(Tokens.claims("1", "task-manager", now, now + 600))),
                401, "UNAUTHORIZED");
    }

    @Test
    void aPayloadChangedUnderTheOldSignatureIs401() {
        Account victim = Account.fresh();
        assertEquals(201, api.signup(victim).status());
        String attackerToken = api.freshToken();
        long victimId = api.get("/api/users/me", api.login(victim)).json().getJsonNumber("id").longValue();

        JsonObject forged = Json.createObjectBuilder(Tokens.payload(attackerToken)).add("sub", String.valueOf(victimId)).build();

        assertError(api.get("/api/users/me", Tokens.withPayload(attackerToken, forged.toString())), 401, "UNAUTHORIZED");
    }

    @Test
    void anExpiredTokenIs401() {
        long now = Instant.now().getEpochSecond();
        String expired = Tokens.signedWithServiceKey(Tokens.claims("1", "task-manager", now - 7200, now - 3600));
        assertError(api.get("/api/users/me", expired), 401, "UNAUTHORIZED");
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        long now = Instant.now().getEpochSecond();
        String foreign = Tokens.signedWithServiceKey(Tokens.claims("1", "someone-else", now, now + 600));
        assertError(api.get("/api/users/me", foreign), 401, "UNAUTHORIZED");
    }

    @Test
    void aValidTokenForAnAccountThatDoesNotExistIs401() {
        long now = Instant.now().getEpochSecond();
        String orphan = Tokens.signedWithServiceKey(Tokens.claims(String.valueOf(Long.MAX_VALUE), "task-manager", now, now + 600));
        assertError(api.get("/api/users/me", orphan), 401, "UNAUTHORIZED");
    }
}
