package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.SigningKeyPair;
import io.taskmanager.support.TestEnvironment;
import io.taskmanager.support.Tokens;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published keys and a signing-key rotation: a server that signs with a new key and keeps
 * the old one in taskmanager.jwt.previous-verification-keys takes the old key's tokens until
 * they expire, and publishes both.
 */
class KeyRotationIT {

    private static final Api SHARED = Api.service();
    private static SigningKeyPair newKeys;
    private static ServiceProcess rotated;
    private static Api api;

    @BeforeAll
    static void startARotatedServer() throws Exception {
        newKeys = SigningKeyPair.generate(Path.of(System.getProperty("taskmanager.build.dir", "target"), "it-keys", "rotated"));
        Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(TestEnvironment.DATABASE));
        environment.putAll(newKeys.environment());
        environment.put("TASKMANAGER_JWT_PREVIOUS_VERIFICATION_KEYS", Files.readString(TestEnvironment.keys().verificationKey()));
        rotated = ServiceProcess.start("key-rotation", environment);
        rotated.awaitReady(Duration.ofMinutes(3));
        api = Api.at(rotated.baseUri());
    }

    @AfterAll
    static void stop() {
        rotated.stop();
    }

    private static JsonArray keysOf(Api server) {
        Reply reply = server.get("/.well-known/jwks.json", null);
        assertEquals(200, reply.status(), reply::body);
        assertEquals("public, max-age=300", reply.header("Cache-Control").orElseThrow());
        return reply.json().getJsonArray("keys");
    }

    @Test
    void theServiceTokensNameAPublishedKeyThatVerifiesThem() throws Exception {
        String token = SHARED.freshToken();
        JsonArray keys = keysOf(SHARED);

        assertEquals(1, keys.size());
        JsonObject key = keys.getJsonObject(0);
        assertEquals(List.of("kty", "use", "alg", "kid", "n", "e"), List.copyOf(key.keySet()));
        assertEquals(key.getString("kid"), Tokens.header(token).getString("kid"));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(new VerificationJwkSelector().select(jws, new JsonWebKeySet(
                "{\"keys\":" + keys + "}").getJsonWebKeys()).getKey());
        assertEquals(true, jws.verifySignature(), "a verifier that has only the published keys accepts the token");
    }

    @Test
    void afterARotationTheOldKeysTokensStayValidAndBothKeysArePublished() {
        String oldKeyId = keysOf(SHARED).getJsonObject(0).getString("kid");
        Account account = Account.fresh();
        assertEquals(201, SHARED.signup(account).status());
        String signedWithTheOldKey = SHARED.login(account);

        JsonArray keys = keysOf(api);

        assertEquals(2, keys.size(), keys::toString);
        assertNotEquals(oldKeyId, keys.getJsonObject(0).getString("kid"), "the new key signs, and comes first");
        assertEquals(oldKeyId, keys.getJsonObject(1).getString("kid"));
        assertEquals(200, api.get("/api/users/me", signedWithTheOldKey).status(), "an old token works until it expires");
        String signedWithTheNewKey = api.login(account);
        assertEquals(keys.getJsonObject(0).getString("kid"), Tokens.header(signedWithTheNewKey).getString("kid"));
        assertEquals(200, api.get("/api/users/me", signedWithTheNewKey).status());
        // an instance that does not know the new key yet refuses it: why a rotation publishes it first (docs/security.md)
        assertError(SHARED.get("/api/users/me", signedWithTheNewKey), 401, "UNAUTHORIZED");
    }

    @Test
    void aTokenSignedByAKeyNeitherCurrentNorPreviousIs401Whatever() {
        SigningKeyPair stranger = SigningKeyPair.generate(Path.of(System.getProperty("taskmanager.build.dir", "target"), "it-keys", "stranger"));
        String token = SHARED.freshToken();
        JwtClaims claims;
        try {
            claims = JwtClaims.parse(Tokens.payload(token).toString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        String oldKeyId = keysOf(SHARED).getJsonObject(0).getString("kid");

        for (String keyId : new String[] {oldKeyId, "unknown", keysOf(api).getJsonObject(0).getString("kid")}) {
            assertError(api.get("/api/users/me", Tokens.signedWith(claims, stranger.privateKey(), keyId)), 401, "UNAUTHORIZED");
        }
    }
}
