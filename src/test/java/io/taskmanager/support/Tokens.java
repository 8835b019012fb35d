package io.taskmanager.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Mints tokens the way an attacker or a misconfigured issuer would, for the negative tests. */
public final class Tokens {

    private static final Path KEYS = Path.of("src/main/resources/META-INF/jwt");

    private Tokens() {
    }

    public static JwtClaims claims(String subject, String issuer, long issuedAt, long expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setClaim("upn", "someone");
        claims.setStringListClaim("groups", List.of("user"));
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    /** Signed (RS256) with the key pair of this test run, which every server under test trusts. */
    public static String signedWithServiceKey(JwtClaims claims) {
        return signed(claims, TestEnvironment.keys().privateKey());
    }

    /**
     * Signed with the development-only key that ships in the repository: what anyone can
     * mint, and a production start must never trust.
     */
    public static String signedWithDevelopmentKey(JwtClaims claims) {
        return signed(claims, SigningKeyPair.readPrivateKey(KEYS.resolve("development-only-signing-key.pem")));
    }

    /** Signed (RS256) with {@code key}, naming {@code keyId} in the header as the service's tokens do. */
    public static String signedWith(JwtClaims claims, PrivateKey key, String keyId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(keyId);
        return serialize(jws);
    }

    private static String signed(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        return serialize(jws);
    }

    /** The classic key-confusion attack: HS256 with the public key's PEM text as the HMAC secret. */
    public static String hs256WithPublicKey(JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(new HmacKey(Files.readAllBytes(TestEnvironment.keys().verificationKey())));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setHeader("typ", "JWT");
            jws.setDoKeyValidation(false);
            return serialize(jws);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"alg":"none"} and an empty signature. */
    public static String unsigned(JwtClaims claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The same header and signature over a different payload. */
    public static String withPayload(String token, String payloadJson) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    public static JsonObject payload(String token) {
        return decode(token.split("\\.")[1]);
    }

    public static JsonObject header(String token) {
        return decode(token.split("\\.")[0]);
    }

    private static JsonObject decode(String part) {
        String json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject();
    }


    private static String serialize(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
