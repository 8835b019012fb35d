package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Every kind of token works only where it belongs, and every token that claims an account is
 * checked against that account: what an attacker tries with tokens they hold or can mint.
 */
class TokenKindsIT {

    /** The routes an access token opens, one of each kind. */
    private static final List<String[]> ACCESS_ROUTES = List.of(
            new String[] {"GET", "/api/users/me"},
            new String[] {"GET", "/api/tasks"},
            new String[] {"GET", "/api/admin/bans"},
            new String[] {"POST", "/api/auth/logout"});

    private final Api api = Api.service();

    private Account registered() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        return account;
    }

    private String otpToken(String email) {
        Reply reply = api.postJson("/api/auth/forget-password", Json.createObjectBuilder().add("email", email).build().toString());
        assertEquals(200, reply.status(), reply::body);
        return reply.json().getString("otp-token");
    }

    private String resetToken(Account account) {
        Mailbox mailbox = new Mailbox(account.email());
        String otpToken = otpToken(account.email());
        Reply verified = api.send("POST", "/api/auth/verify-otp", otpToken,
                Json.createObjectBuilder().add("email", account.email()).add("otp", mailbox.await(1).code()).build().toString());
        assertEquals(200, verified.status(), verified::body);
        return verified.json().getString("reset-token");
    }

    private void assertRefusedEverywhere(String token) {
        for (String[] route : ACCESS_ROUTES) {
            assertError(api.request(route[0], route[1]).bearer(token).send(), 401, "UNAUTHORIZED");
        }
    }

    /** The claims of a real login, for an attacker to change and sign again. */
    private static JwtClaims claimsOf(String realToken) throws Exception {
        return JwtClaims.parse(Tokens.payload(realToken).toString());
    }

    @Test
    void theSchemeWordIsCaseInsensitive() {
        String token = api.freshToken();
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "bEaReR"}) {
            Reply reply = api.request("GET", "/api/users/me").header("Authorization", scheme + " " + token).send();
            assertEquals(200, reply.status(), () -> scheme + ": " + reply.body());
        }
    }

    @Test
    void otherSchemesAndMalformedCredentialsAre401() {
        String token = api.freshToken();
        for (String header : new String[] {"Basic " + token, "Bearer", "Bearer  ", "Bearertoken" + token, token,
                "Bearer " + token + " extra", "Bearer " + token + "," + token}) {
            assertError(api.request("GET", "/api/users/me").header("Authorization", header).send(), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void anOtpTokenOpensNoOtherRoute() {
        assertRefusedEverywhere(otpToken(registered().email()));
    }

    @Test
    void aResetTokenOpensNoOtherRoute() {
        String resetToken = resetToken(registered());
        assertRefusedEverywhere(resetToken);
        assertError(api.send("POST", "/api/auth/verify-otp", resetToken, "{\"email\": \"a@example.com\", \"otp\": \"123456\"}"),
                401, "UNAUTHORIZED");
    }

    @Test
    void anAccessTokenOpensNoResetStep() {
        Account account = registered();
        String access = api.login(account);
        // with a body that would pass validation, and without one: the token decides first
        assertError(api.send("POST", "/api/auth/verify-otp", access,
                Json.createObjectBuilder().add("email", account.email()).add("otp", "123456").build().toString()), 401, "UNAUTHORIZED");
        assertError(api.send("POST", "/api/auth/verify-otp", access, "{\"unexpected\": true}"), 401, "UNAUTHORIZED");
        assertError(api.send("POST", "/api/auth/reset-password", access, "{\"new_password\": \"Brand-new-lantern-77\"}"),
                401, "UNAUTHORIZED");
        assertError(api.send("POST", "/api/auth/reset-password", api.freshToken(), "not json"), 401, "UNAUTHORIZED");
        // the account's password is what it was
        assertEquals(200, api.postJson("/api/auth/login", "{\"username\": \"" + account.username() + "\", \"password\": \""
                + account.password() + "\"}").status());
    }

    @Test
    void aTokenSignedWithTheCommittedDevelopmentKeyIsRefused() throws Exception {
        String real = api.freshToken();
        JwtClaims claims = claimsOf(real);
        claims.setStringListClaim("groups", List.of("user", "admin"));
        String forged = Tokens.signedWithDevelopmentKey(claims);

        assertRefusedEverywhere(forged);
    }

    @Test
    void anAdminOnlyTokenForNoAccountIsRefused() {
        long now = Instant.now().getEpochSecond();
        JwtClaims claims = Tokens.claims(String.valueOf(Long.MAX_VALUE), "task-manager", now, now + 600);
        claims.setStringListClaim("groups", List.of("admin"));
        assertError(api.get("/api/admin/bans", Tokens.signedWithServiceKey(claims)), 401, "UNAUTHORIZED");

        claims.setStringListClaim("groups", List.of("user", "admin"));
        assertError(api.get("/api/admin/bans", Tokens.signedWithServiceKey(claims)), 401, "UNAUTHORIZED");
    }

    @Test
    void anAdminClaimOnAnAccountThatIsNoAdministratorIsRefused() throws Exception {
        String real = api.freshToken();
        JwtClaims claims = claimsOf(real);
        claims.setStringListClaim("groups", List.of("user", "admin"));

        assertRefusedEverywhere(Tokens.signedWithServiceKey(claims));
    }

    @Test
    void aLoggedOutTokenIsRefusedWhateverItsGroups() throws Exception {
        String real = api.freshToken();
        JwtClaims claims = claimsOf(real);
        claims.setStringListClaim("groups", List.of("admin"));
        String adminOnly = Tokens.signedWithServiceKey(claims);
        assertEquals(204, api.send("POST", "/api/auth/logout", real, null).status());

        assertRefusedEverywhere(real);
        assertRefusedEverywhere(adminOnly);
    }

    @Test
    void answersThatCarryATokenAreNeverStored() {
        Account account = registered();
        Mailbox mailbox = new Mailbox(account.email());
        Reply login = api.postJson("/api/auth/login", "{\"email\": \"" + account.email() + "\", \"password\": \"" + account.password() + "\"}");
        Reply forget = api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}");
        Reply verify = api.send("POST", "/api/auth/verify-otp", forget.json().getString("otp-token"),
                Json.createObjectBuilder().add("email", account.email()).add("otp", mailbox.await(1).code()).build().toString());
        for (Reply reply : List.of(login, forget, verify)) {
            assertEquals(200, reply.status(), reply::body);
            assertEquals("no-store", reply.header("Cache-Control").orElse(null), reply::body);
        }
    }

    @Test
    void theTokenOfALoginSaysItsKindInItsGroups() {
        JsonObject claims = Tokens.payload(api.freshToken());
        assertEquals(List.of("user"), claims.getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString));
    }
}
