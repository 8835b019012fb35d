package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/** Issues the RS256 access tokens that MicroProfile JWT verifies on every protected request. */
@ApplicationScoped
public class AccessTokens {

    public static final String USER_GROUP = "user";
    /** Granted at login to the usernames listed in {@code taskmanager.admin.usernames}. */
    public static final String ADMIN_GROUP = "admin";
    /** The account's password version when the token was issued; a password change voids lower ones. */
    public static final String PASSWORD_VERSION_CLAIM = "password_version";

    @Inject
    SigningKeys keys;

    @Inject
    @ConfigProperty(name = "taskmanager.jwt.issuer", defaultValue = "task-manager")
    String issuer;

    @Inject
    @ConfigProperty(name = "taskmanager.jwt.ttl", defaultValue = "PT1H")
    String ttl;

    @Inject
    org.eclipse.microprofile.config.Config config;

    private Set<String> administrators() {
        return config.getOptionalValue("taskmanager.admin.usernames", String.class).stream()
                .flatMap(names -> Arrays.stream(names.split(",")))
                .map(name -> name.strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }

    public record IssuedToken(String token, long expiresInSeconds) {
    }

    public IssuedToken issue(UserAccount user) {
        Duration lifetime = Duration.parse(ttl);
        JwtClaims claims = claims(String.valueOf(user.getId()), USER_GROUP, lifetime, UUID.randomUUID().toString());
        if (administrators().contains(user.getUsername().toLowerCase(Locale.ROOT))) {
            claims.setStringListClaim("groups", List.of(USER_GROUP, ADMIN_GROUP));
        }
        claims.setClaim("upn", user.getUsername());
        claims.setClaim(PASSWORD_VERSION_CLAIM, user.getPasswordVersion());
        return sign(claims, lifetime);
    }

    /**
     * A token for one step of the password reset: its group names the step, and its subject
     * and id are the opaque {@code id}, so it says nothing about any account and is useless
     * on every other route.
     */
    public IssuedToken issueStepToken(String group, String id, Duration lifetime) {
        return sign(claims(id, group, lifetime, id), lifetime);
    }

    private JwtClaims claims(String subject, String group, Duration lifetime, String jti) {
        Instant now = Instant.now();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setStringListClaim("groups", List.of(group));
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setJwtId(jti);
        return claims;
    }

    private IssuedToken sign(JwtClaims claims, Duration lifetime) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.signingKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return new IssuedToken(jws.getCompactSerialization(), lifetime.toSeconds());
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }
}
