package io.taskmanager.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which tokens verification accepts, and as which kind: pure logic, with a key pair made here. */
class AccessTokensTest {

    private static KeyPair pair;
    private static KeyPair other;

    private final AccessTokens tokens = tokens(pair);

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
        other = generator.generateKeyPair();
    }

    private static AccessTokens tokens(KeyPair keys) {
        AccessTokens tokens = new AccessTokens();
        tokens.keys = new SigningKeys() {
            @Override
            public PrivateKey signingKey() {
                return keys.getPrivate();
            }

            @Override
            public PublicKey verificationKey() {
                return keys.getPublic();
            }

            @Override
            public String keyId() {
                return thumbprint(keys.getPublic());
            }

            @Override
            public java.util.Map<String, PublicKey> verificationKeys() {
                return java.util.Map.of(keyId(), keys.getPublic());
            }
        };
        tokens.issuer = "task-manager";
        tokens.ttl = "PT1H";
        return tokens;
    }

    private static JwtClaims claims(String subject, List<String> groups) {
        JwtClaims claims = new JwtClaims();
        long now = Instant.now().getEpochSecond();
        claims.setIssuer("task-manager");
        claims.setSubject(subject);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 600));
        claims.setJwtId("jti-" + subject);
        return claims;
    }

    private static String signed(JwtClaims claims, PrivateKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void theKindComesFromTheGroups() throws Exception {
        assertEquals(VerifiedToken.Kind.ACCESS, tokens.verify(signed(claims("7", List.of("user")), pair.getPrivate())).orElseThrow().kind());
        assertEquals(Set.of("user", "admin"),
                tokens.verify(signed(claims("7", List.of("user", "admin")), pair.getPrivate())).orElseThrow().groups());
        String code = tokens.issueStepToken(PasswordResets.CODE_STEP, "request-1", Duration.ofMinutes(10)).token();
        assertEquals(VerifiedToken.Kind.RESET_CODE_STEP, tokens.verify(code).orElseThrow().kind());
        String reset = tokens.issueStepToken(PasswordResets.RESET_STEP, "request-2", Duration.ofMinutes(10)).token();
        assertEquals(VerifiedToken.Kind.RESET_STEP, tokens.verify(reset).orElseThrow().kind());
    }

    @Test
    void issuedTokensNameTheirKeyAndOnlyKnownKeyIdsVerify() throws Exception {
        String issued = tokens.issueStepToken(PasswordResets.CODE_STEP, "request-2", Duration.ofMinutes(10)).token();
        JsonWebSignature header = new JsonWebSignature();
        header.setCompactSerialization(issued);
        assertEquals(SigningKeys.thumbprint(pair.getPublic()), header.getKeyIdHeaderValue());

        JsonWebSignature byOther = new JsonWebSignature();
        byOther.setPayload(claims("7", List.of("user")).toJson());
        byOther.setKey(other.getPrivate());
        byOther.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        byOther.setKeyIdHeaderValue(SigningKeys.thumbprint(other.getPublic()));
        assertTrue(tokens.verify(byOther.getCompactSerialization()).isEmpty(), "a key this service does not know");
        byOther.setKeyIdHeaderValue(SigningKeys.thumbprint(pair.getPublic()));
        assertTrue(tokens.verify(byOther.getCompactSerialization()).isEmpty(), "a known key id on a foreign signature");
    }

    @Test
    void groupsThatFitNoKindAreNoToken() throws Exception {
        for (List<String> groups : List.of(List.of("admin"), List.<String>of(), List.of("user", "superuser"),
                List.of("user", PasswordResets.RESET_STEP), List.of(PasswordResets.CODE_STEP, PasswordResets.RESET_STEP))) {
            assertTrue(tokens.verify(signed(claims("7", groups), pair.getPrivate())).isEmpty(), groups::toString);
        }
    }

    @Test
    void anAccessTokenNamesAnAccountById() throws Exception {
        for (String subject : new String[] {"0", "-1", "007", "alice", "99999999999999999999"}) {
            assertTrue(tokens.verify(signed(claims(subject, List.of("user")), pair.getPrivate())).isEmpty(), subject);
        }
    }

    @Test
    void anotherKeyAnotherAlgorithmAnotherIssuerOrAnExpiredTokenIsRefused() throws Exception {
        assertTrue(tokens.verify(signed(claims("7", List.of("user")), other.getPrivate())).isEmpty());

        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims("7", List.of("user")).toJson());
        hmac.setKey(new HmacKey(pair.getPublic().getEncoded()));
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        assertTrue(tokens.verify(hmac.getCompactSerialization()).isEmpty());

        JwtClaims foreign = claims("7", List.of("user"));
        foreign.setIssuer("someone-else");
        assertTrue(tokens.verify(signed(foreign, pair.getPrivate())).isEmpty());

        JwtClaims expired = claims("7", List.of("user"));
        expired.setExpirationTime(NumericDate.fromSeconds(Instant.now().getEpochSecond() - 60));
        assertTrue(tokens.verify(signed(expired, pair.getPrivate())).isEmpty());

        JwtClaims noId = claims("7", List.of("user"));
        noId.unsetClaim("jti");
        assertTrue(tokens.verify(signed(noId, pair.getPrivate())).isEmpty());
    }

    @Test
    void garbageIsNoToken() {
        for (String garbage : new String[] {"", "a.b.c", "a.b", "a.b.c.d.e", "x".repeat(9000), "eyJhbGciOiJub25lIn0.e30."}) {
            assertTrue(tokens.verify(garbage).isEmpty(), garbage);
        }
    }

    @Test
    void aTokenVerifiedBeforeIsStillMatchedByItsWholeText() throws Exception {
        String token = signed(claims("7", List.of("user")), pair.getPrivate());
        assertEquals("7", tokens.verify(token).orElseThrow().subject());
        assertEquals("7", tokens.verify(token).orElseThrow().subject(), "the second time, from the recently verified");
        String[] parts = token.split("\\.");
        // the same signature under other claims, or one character of it changed, is no token
        String otherClaims = signed(claims("8", List.of("user", "admin")), pair.getPrivate()).split("\\.")[1];
        assertTrue(tokens.verify(parts[0] + "." + otherClaims + "." + parts[2]).isEmpty());
        char last = parts[2].charAt(parts[2].length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertTrue(tokens.verify(tampered).isEmpty());
        assertTrue(tokens.verify(token + "A").isEmpty());
    }

    @Test
    void aRecentlyVerifiedTokenExpiresAsAFreshOneWould() {
        RecentlyVerifiedTokens recent = new RecentlyVerifiedTokens(4, 5);
        Instant expiry = Instant.parse("2026-01-01T00:00:00Z");
        VerifiedToken token = new VerifiedToken(VerifiedToken.Kind.ACCESS, "7", "j", expiry, Set.of("user"), 1, 0, Set.of());
        recent.remember("t", token);
        assertEquals(token, recent.find("t", expiry.minusSeconds(60)));
        assertEquals(token, recent.find("t", expiry.plusSeconds(4)), "within the verifier's clock skew");
        assertEquals(null, recent.find("t", expiry.plusSeconds(5)));
        assertEquals(null, recent.find("u", expiry.minusSeconds(60)));
    }

    @Test
    void recentlyVerifiedTokensKeepTwoGenerationsAndWhatIsInUse() {
        RecentlyVerifiedTokens recent = new RecentlyVerifiedTokens(3, 5);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        VerifiedToken token = new VerifiedToken(VerifiedToken.Kind.ACCESS, "7", "j", now.plusSeconds(3600), Set.of("user"), 1, 0, Set.of());
        recent.remember("in-use", token);
        for (int i = 0; i < 100; i++) {
            recent.remember("other-" + i, token);
            assertEquals(token, recent.find("in-use", now), "a token in use survives every turn of generations");
        }
        int kept = 0;
        for (int i = 0; i < 100; i++) {
            kept += recent.find("other-" + i, now) == null ? 0 : 1;
        }
        assertTrue(kept <= 6, "at most two generations of 3: " + kept);
        assertTrue(kept >= 2, "the latest ones stay: " + kept);
    }
}
