package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.DocumentedAnswers;
import io.taskmanager.support.IdentityProviderServer;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.SigningKeyPair;
import io.taskmanager.support.Sql;
import io.taskmanager.support.TestEnvironment;
import io.taskmanager.support.Tokens;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on against a real OpenID Connect provider on loopback: the service finds its keys
 * through discovery, takes its access tokens beside its own, links them to accounts by `sub`,
 * maps groups to the administrator role, and refuses every token the contract refuses. This
 * server also runs with taskmanager.oidc.local-login=false.
 */
class SingleSignOnIT {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** The contract's bound on asking the provider again for an unknown key id. */
    private static final Duration REFETCH_INTERVAL = Duration.ofMinutes(1);
    private static final Api SHARED = Api.service();
    private static IdentityProviderServer provider;
    private static ServiceProcess service;
    private static Api api;
    private static DocumentedAnswers documented;

    @BeforeAll
    static void startAProviderAndAServerThatTrustsIt() {
        provider = IdentityProviderServer.start();
        Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(TestEnvironment.DATABASE));
        environment.putAll(provider.environment());
        environment.put("TASKMANAGER_OIDC_LOCAL_LOGIN", "false");
        service = ServiceProcess.start("single-sign-on", environment);
        service.awaitReady(Duration.ofMinutes(3));
        api = Api.at(service.baseUri());
        documented = DocumentedAnswers.of(api);
    }

    /** {@code reply}, once the server's own OpenAPI document describes it. */
    private static Reply asDocumented(String method, String path, Reply reply) {
        List<String> problems = documented.problems(method, path, reply);
        assertTrue(problems.isEmpty(), () -> "answers the document does not describe:\n  " + String.join("\n  ", problems));
        return reply;
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private static String person() {
        return "sso" + System.nanoTime() % 1_000_000 + "n" + SEQUENCE.incrementAndGet();
    }

    private static Map<String, Object> profile(String name) {
        return Map.of("preferred_username", name, "email", name + "@corp.example", "email_verified", true);
    }

    @Test
    void aNewPersonsTokenCreatesTheirAccountAndTheNextFindsIt() {
        String name = person();
        String subject = UUID.randomUUID().toString();

        Reply me = api.get("/api/users/me", provider.token(subject, profile(name)));

        assertEquals(200, me.status(), me::body);
        JsonObject user = me.json();
        assertEquals(name, user.getString("username"));
        assertEquals(name + "@corp.example", user.getString("email"));
        assertTrue(user.getBoolean("email_verified"), "the provider said email_verified");
        long id = user.getJsonNumber("id").longValue();
        assertEquals(1, Sql.number("SELECT count(*) FROM provider_identities WHERE issuer = ? AND subject = ? AND user_id = ?",
                provider.issuer(), subject, id));
        assertEquals(1, Sql.number("SELECT count(*) FROM users WHERE id = ? AND password_hash IS NULL", id),
                "the account has no local password");
        Reply again = api.get("/api/users/me", provider.token(subject, Map.of("preferred_username", "renamed" + name)));
        assertEquals(id, again.json().getJsonNumber("id").longValue(), "linked by sub, whatever the other claims say now");
        assertEquals(name, again.json().getString("username"));
    }

    @Test
    void theProvidersTokenWorksOnTheTaskRoutesWithTheSameRateLimits() {
        String token = provider.token(UUID.randomUUID().toString(), profile(person()));

        Reply created = api.request("POST", "/api/tasks").bearer(token).json("{\"title\":\"from single sign-on\"}").send();

        assertEquals(201, created.status(), created::body);
        assertTrue(created.header("RateLimit").isPresent(), "the account's task budget counts this request");
        Reply listed = api.get("/api/tasks", token);
        assertEquals(200, listed.status(), listed::body);
        assertEquals("from single sign-on", listed.json().getJsonArray("data").getJsonObject(0).getString("title"));
    }

    @Test
    void aTakenNameIsMadeUniqueAndATakenAddressIsNeverLinked() {
        Account local = Account.fresh();
        assertEquals(201, SHARED.signup(local).status());
        long localId = SHARED.userId(SHARED.login(local));

        Reply me = asDocumented("GET", "/api/users/me", api.get("/api/users/me", provider.token(UUID.randomUUID().toString(),
                Map.of("preferred_username", local.username(), "email", local.email(), "email_verified", true))));

        assertEquals(200, me.status(), me::body);
        JsonObject user = me.json();
        assertNotEquals(localId, user.getJsonNumber("id").longValue(), "an address at the provider is no claim on a local account");
        String expected = local.username().length() > 18 ? local.username().substring(0, 18) : local.username();
        assertEquals(expected + "-2", user.getString("username"));
        assertTrue(user.isNull("email"), "the address belongs to another account: " + user);
        assertFalse(user.getBoolean("email_verified"));
    }

    @Test
    void aNameNoUsernameCouldBeIsCleanedAndAnUnverifiedAddressStaysUnverified() {
        String name = person();
        Reply me = api.get("/api/users/me", provider.token(UUID.randomUUID().toString(),
                Map.of("preferred_username", "Ünï cødé " + name + " with a very long tail", "email", name + "@corp.example")));

        assertEquals(200, me.status(), me::body);
        String username = me.json().getString("username");
        assertTrue(username.matches("[A-Za-z0-9_.-]{3,20}"), username);
        assertFalse(me.json().getBoolean("email_verified"), "no email_verified claim: not verified");

        String upn = person();
        Reply entraV1 = api.get("/api/users/me", provider.token(UUID.randomUUID().toString(), Map.of("upn", upn + "@corp.example")));
        assertEquals(upn, entraV1.json().getString("username"), "Entra ID's v1 tokens name the person in upn");
        assertTrue(entraV1.json().isNull("email"), "a upn is no address it may mail");
    }

    @Test
    void membersOfTheAdminGroupAreAdministratorsAndOthersAreNot() {
        String admin = provider.token(UUID.randomUUID().toString(), Map.of("preferred_username", person(),
                "groups", List.of("staff", IdentityProviderServer.ADMIN_GROUP)));
        String member = provider.token(UUID.randomUUID().toString(), Map.of("preferred_username", person(),
                "groups", List.of("staff")));

        Reply asAdmin = api.get("/api/admin/bans", admin);
        assertEquals(200, asAdmin.status(), asAdmin::body);
        assertError(api.get("/api/admin/bans", member), 403, "FORBIDDEN");
    }

    @Test
    void tokensTheContractRefusesAre401() {
        String subject = UUID.randomUUID().toString();
        Map<String, Object> claims = profile(person());

        assertEquals(200, api.get("/api/users/me", provider.token(subject, claims)).status(), "the control: a good token");
        assertError(api.get("/api/users/me", provider.token(IdentityProviderServer.TENANT, subject, "another-client", claims, 3600)),
                401, "UNAUTHORIZED");
        assertError(api.get("/api/users/me", provider.token(IdentityProviderServer.TENANT, subject,
                IdentityProviderServer.AUDIENCE, claims, -120)), 401, "UNAUTHORIZED");
        assertError(api.get("/api/users/me", provider.token("other-tenant", subject, IdentityProviderServer.AUDIENCE, claims, 3600)),
                401, "UNAUTHORIZED");
        Map<String, Object> keycloakIdToken = new HashMap<>(claims);
        keycloakIdToken.put("typ", "ID");
        assertError(api.get("/api/users/me", provider.token(subject, keycloakIdToken)), 401, "UNAUTHORIZED");
        for (String idTokenClaim : List.of("nonce", "at_hash", "c_hash")) {
            Map<String, Object> idToken = new HashMap<>(claims);
            idToken.put(idTokenClaim, "ZXhhbXBsZQ");
            assertError(api.get("/api/users/me", provider.token(subject, idToken)), 401, "UNAUTHORIZED");
        }
        Map<String, Object> olderKeycloaksAccessToken = new HashMap<>(claims);
        olderKeycloaksAccessToken.put("typ", "Bearer");
        olderKeycloaksAccessToken.put("nonce", "ZXhhbXBsZQ");
        assertEquals(200, api.get("/api/users/me", provider.token(subject, olderKeycloaksAccessToken)).status(),
                "Keycloak before 25 put the nonce into access tokens, which say typ Bearer");
    }

    @Test
    void aTokenNotValidBeforeALaterTimeIs401() {
        long later = Instant.now().plusSeconds(600).getEpochSecond();
        Map<String, Object> claims = new HashMap<>(profile(person()));
        claims.put("nbf", later);

        String token = provider.token(UUID.randomUUID().toString(), claims);

        assertEquals(later, Tokens.payload(token).getJsonNumber("nbf").longValue(), "the provider signed the nbf asked for");
        assertError(api.get("/api/users/me", token), 401, "UNAUTHORIZED");
    }

    @Test
    void tokensSignedByKeysTheProviderDoesNotPublishAre401AndDoNotFloodIt() {
        SigningKeyPair stranger = SigningKeyPair.generate(Path.of(System.getProperty("taskmanager.build.dir", "target"), "it-keys", "sso-stranger"));
        assertEquals(200, api.get("/api/users/me", provider.token(UUID.randomUUID().toString(), profile(person()))).status());
        provider.keySetFetches();

        for (int i = 0; i < 25; i++) {
            JwtClaims claims = Tokens.claims(UUID.randomUUID().toString(), provider.issuer(), Instant.now().getEpochSecond(),
                    Instant.now().plusSeconds(600).getEpochSecond());
            claims.setAudience(IdentityProviderServer.AUDIENCE);
            claims.setNotBefore(NumericDate.now());
            assertError(api.get("/api/users/me", Tokens.signedWith(claims, stranger.privateKey(), "made-up-" + i)), 401, "UNAUTHORIZED");
        }

        assertTrue(provider.keySetFetches() <= 1, "25 unknown key ids fetch the key set at most once a minute");
    }

    @Test
    void aLogoutRevokesTheProvidersTokenOnThisService() {
        String token = provider.token(UUID.randomUUID().toString(), profile(person()));
        assertEquals(200, api.get("/api/users/me", token).status());

        assertEquals(204, api.request("POST", "/api/auth/logout").bearer(token).send().status());

        assertError(api.get("/api/users/me", token), 401, "UNAUTHORIZED");
    }

    @Test
    void localPasswordsAreTurnedOffButLocalTokensStillCount() {
        Account local = Account.fresh();
        assertEquals(201, SHARED.signup(local).status());
        String localToken = SHARED.login(local);

        Map<String, String> routes = Map.of(
                "/api/auth/signup", Account.fresh().signupJson(),
                "/api/auth/login", "{\"username\":\"" + local.username() + "\",\"password\":\"" + local.password() + "\"}",
                "/api/auth/forget-password", "{\"email\":\"" + local.email() + "\"}",
                "/api/auth/verify-otp", "{\"otp\":\"123456\"}",
                "/api/auth/reset-password", "{\"new_password\":\"x\"}");
        routes.forEach((path, body) -> {
            JsonObject error = assertError(asDocumented("POST", path, api.postJson(path, body)), 403, "FORBIDDEN");
            assertEquals("Local passwords are turned off", error.getString("message"), path);
        });
        // the contract turns off signup, login and the reset: a session started before may still refresh
        assertError(api.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + "x".repeat(43) + "\"}"), 401, "UNAUTHORIZED");
        assertEquals(200, api.get("/api/users/me", localToken).status(), "a local token issued before stays valid until it expires");
    }

    @Test
    void anAccountWithoutAPasswordVerifiesItsAddressWithoutOneAndMakesNoPersonalTokens() {
        String name = person();
        String token = provider.token(UUID.randomUUID().toString(), Map.of("preferred_username", name, "email", name + "@corp.example"));
        assertFalse(api.get("/api/users/me", token).json().getBoolean("email_verified"));

        Reply requested = asDocumented("POST", "/api/users/me/email", api.send("POST", "/api/users/me/email", token,
                "{\"email\":\"" + name + "@corp.example\"}"));

        assertEquals(202, requested.status(), requested::body);
        String code = new Mailbox(name + "@corp.example").await(1).code();
        Reply verified = api.send("POST", "/api/users/me/email/verify", token, "{\"otp\":\"" + code + "\"}");
        assertEquals(200, verified.status(), verified::body);
        assertTrue(verified.json().getBoolean("email_verified"));
        JsonObject refused = assertError(asDocumented("POST", "/api/users/me/password", api.send("POST", "/api/users/me/password", token,
                "{\"current_password\":\"anything\",\"new_password\":\"Another-Pass-1234\"}")), 403, "FORBIDDEN");
        assertTrue(refused.getString("reason").contains("identity provider"), refused::toString);
        assertError(asDocumented("POST", "/api/users/me/tokens", api.send("POST", "/api/users/me/tokens", token,
                "{\"name\":\"script\",\"scopes\":[\"tasks:read\"]}")), 403, "FORBIDDEN");
        assertEquals(0, Sql.number("SELECT count(*) FROM personal_access_tokens p JOIN users u ON u.id = p.user_id WHERE u.username = ?", name));
    }

    @Test
    void aDeletedAccountStaysDeletedForTheProvidersEarlierTokensAndANewSignInStartsAfresh() {
        String subject = UUID.randomUUID().toString();
        String token = provider.token(subject, profile(person()));
        String issuedBeforeTheDeletion = provider.token(subject, profile(person()));
        long id = api.get("/api/users/me", token).json().getJsonNumber("id").longValue();
        api.createTask(token, "{\"title\":\"before the deletion\"}");

        assertEquals(204, asDocumented("DELETE", "/api/users/me", api.send("DELETE", "/api/users/me", token, "{}")).status());

        assertEquals(0, Sql.number("SELECT count(*) FROM users WHERE id = ?", id));
        assertEquals(1, Sql.number("SELECT count(*) FROM provider_identities WHERE subject = ? AND user_id IS NULL AND deleted_at IS NOT NULL",
                subject), "the link stays as a tombstone, without the account");
        assertError(api.get("/api/users/me", token), 401, "UNAUTHORIZED");
        assertError(api.get("/api/users/me", issuedBeforeTheDeletion), 401, "UNAUTHORIZED");
        // within the provider's clock margin (30 s) of the deletion, a token could be from before it
        assertError(api.get("/api/users/me", provider.token(subject, profile(person()))), 401, "UNAUTHORIZED");

        Map<String, Object> signedInAgain = new HashMap<>(profile(person()));
        signedInAgain.put("iat", Instant.now().plusSeconds(35).getEpochSecond());
        Reply fresh = api.get("/api/users/me", provider.token(subject, signedInAgain));

        assertEquals(200, fresh.status(), "a token issued after the deletion starts a new account: " + fresh.body());
        long freshId = fresh.json().getJsonNumber("id").longValue();
        assertNotEquals(id, freshId);
        assertEquals(0, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", freshId), "a new, empty account");
        assertEquals(1, Sql.number("SELECT count(*) FROM provider_identities WHERE subject = ? AND user_id = ?", subject, freshId));
        // a token from before the deletion never speaks for the new account either
        assertError(api.get("/api/users/me", issuedBeforeTheDeletion), 401, "UNAUTHORIZED");
    }

    @Test
    void twoFirstRequestsOfOnePersonAtOnceMakeOneAccount() throws Exception {
        String subject = UUID.randomUUID().toString();
        List<String> tokens = List.of(provider.token(subject, profile(person())), provider.token(subject, profile(person())));

        List<Reply> replies = tokens.parallelStream().map(token -> api.get("/api/users/me", token)).toList();

        assertEquals(200, replies.get(0).status(), replies.get(0)::body);
        assertEquals(200, replies.get(1).status(), replies.get(1)::body);
        assertEquals(replies.get(0).json().getJsonNumber("id"), replies.get(1).json().getJsonNumber("id"));
        assertEquals(1, Sql.number("SELECT count(*) FROM provider_identities WHERE subject = ?", subject));
    }

    /**
     * The provider replaces its RS256 key with an ES256 one. A token under the new key names a
     * key id the service has not seen; the service asks the provider again (at most once a
     * minute, so this may take up to a minute after the last fetch) and then accepts it.
     */
    @Test
    void afterTheProviderRotatesItsKeyTheNewKeysTokensAreAccepted() {
        String subject = UUID.randomUUID().toString();
        String underTheOldKey = provider.token(subject, profile(person()));
        assertEquals(200, api.get("/api/users/me", underTheOldKey).status());

        provider.rotateKeys();
        String underTheNewKey = provider.token(subject, profile(person()));

        assertEquals("ES256", Tokens.header(underTheNewKey).getString("alg"));
        assertNotEquals(Tokens.header(underTheOldKey).getString("kid"), Tokens.header(underTheNewKey).getString("kid"));
        int[] last = new int[1];
        boolean accepted = ServiceProcess.Poll.until(REFETCH_INTERVAL.plusSeconds(30), () -> {
            last[0] = api.get("/api/users/me", underTheNewKey).status();
            assertTrue(last[0] == 200 || last[0] == 401, "401 until the key set is fetched again, then 200: " + last[0]);
            return last[0] == 200;
        });
        assertTrue(accepted, "the new key's token is accepted once the key set is fetched again; last status " + last[0]);
        assertTrue(provider.keySetFetches() <= 2, "polling twice a second fetched the key set at most once a minute");
    }
}
