package io.taskmanager.accounts.control;

import io.taskmanager.platform.Roles;
import io.taskmanager.accounts.entity.UserAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * Issues and verifies this service's RS256 tokens: access tokens (MicroProfile JWT claims:
 * iss, sub, upn, groups, iat, exp, jti) and the password reset's step tokens.
 */
@ApplicationScoped
public class AccessTokens {

    /** Clocks of a cluster's instances differ by a little; a token is not refused for that. */
    private static final int CLOCK_SKEW_SECONDS = 5;
    private static final Pattern ACCOUNT_ID = Pattern.compile("[1-9][0-9]{0,18}");

    public static final String USER_GROUP = Roles.USER;
    /** Granted at login to accounts the operator made administrators (AdministratorGrants). */
    public static final String ADMIN_GROUP = Roles.ADMIN;
    /** The account's password version when the token was issued; a password change voids lower ones. */
    public static final String PASSWORD_VERSION_CLAIM = "password_version";
    /** The session (Sessions) the token was issued in; ending the session voids the token. */
    public static final String SESSION_CLAIM = "sid";

    @Inject
    SigningKeys keys;

    @Inject
    @ConfigProperty(name = "taskmanager.jwt.issuer", defaultValue = "task-manager")
    String issuer;

    @Inject
    @ConfigProperty(name = "taskmanager.jwt.ttl", defaultValue = "PT1H")
    String ttl;

    /** Far above any token this service issues; bounds the work a forged one can cause. */
    private static final int MAX_TOKEN_LENGTH = 8192;

    private volatile JwtConsumer consumer;

    /** About 1 KiB per token: at most a few MiB of heap for the tokens of 8,192 active clients. */
    private final RecentlyVerifiedTokens recentlyVerified = new RecentlyVerifiedTokens(4096, CLOCK_SKEW_SECONDS);

    public record IssuedToken(String token, long expiresInSeconds) {
    }

    public IssuedToken issue(UserAccount user, long sessionId) {
        Duration lifetime = Duration.parse(ttl);
        JwtClaims claims = claims(String.valueOf(user.getId()), USER_GROUP, lifetime, UUID.randomUUID().toString());
        if (user.isAdministrator()) {
            claims.setStringListClaim("groups", List.of(USER_GROUP, ADMIN_GROUP));
        }
        claims.setClaim("upn", user.getUsername());
        claims.setClaim(PASSWORD_VERSION_CLAIM, user.getPasswordVersion());
        claims.setClaim(SESSION_CLAIM, sessionId);
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
        jws.setKeyIdHeaderValue(keys.keyId());
        jws.setHeader("typ", "JWT");
        try {
            return new IssuedToken(jws.getCompactSerialization(), lifetime.toSeconds());
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }

    /**
     * The token's kind and claims when this service signed it with RS256 (no other algorithm),
     * under its issuer, and it has not expired; empty for anything else.
     */
    public Optional<VerifiedToken> verify(String compact) {
        if (compact.length() > MAX_TOKEN_LENGTH || compact.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        VerifiedToken known = recentlyVerified.find(compact, Instant.now());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<VerifiedToken> verified = verifySignatureAndClaims(compact);
        verified.filter(token -> token.kind() == VerifiedToken.Kind.ACCESS)
                .ifPresent(token -> recentlyVerified.remember(compact, token));
        return verified;
    }

    private Optional<VerifiedToken> verifySignatureAndClaims(String compact) {
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(compact);
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
        try {
            Set<String> groups = claims.hasClaim("groups") ? Set.copyOf(claims.getStringListClaimValue("groups")) : Set.of();
            VerifiedToken.Kind kind = kindOf(groups, claims.getSubject());
            if (kind == null) {
                return Optional.empty();
            }
            long passwordVersion = claims.hasClaim(PASSWORD_VERSION_CLAIM)
                    ? claims.getClaimValue(PASSWORD_VERSION_CLAIM, Long.class) : 0;
            long sessionId = claims.hasClaim(SESSION_CLAIM) ? claims.getClaimValue(SESSION_CLAIM, Long.class) : 0;
            return Optional.of(new VerifiedToken(kind, claims.getSubject(), claims.getJwtId(),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()), groups, passwordVersion, sessionId, Set.of()));
        } catch (MalformedClaimException | ClassCastException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Groups name the kind; a token whose groups fit no kind (say, "admin" alone) is no token of ours. */
    private static VerifiedToken.Kind kindOf(Set<String> groups, String subject) {
        if (groups.equals(Set.of(PasswordResets.CODE_STEP))) {
            return VerifiedToken.Kind.RESET_CODE_STEP;
        }
        if (groups.equals(Set.of(PasswordResets.RESET_STEP))) {
            return VerifiedToken.Kind.RESET_STEP;
        }
        boolean access = groups.contains(USER_GROUP) && Set.of(USER_GROUP, ADMIN_GROUP).containsAll(groups);
        return access && ACCOUNT_ID.matcher(subject).matches() ? VerifiedToken.Kind.ACCESS : null;
    }

    private JwtConsumer consumer() {
        JwtConsumer current = consumer;
        if (current == null) {
            current = new JwtConsumerBuilder()
                    // by the token's key id: the current key or one a rotation retired; a token
                    // without one (issued before key ids) is the current key's
                    .setVerificationKeyResolver((jws, nested) -> {
                        String kid = jws.getKeyIdHeaderValue();
                        java.security.Key key = kid == null ? keys.verificationKey() : keys.verificationKeys().get(kid);
                        if (key == null) {
                            throw new org.jose4j.lang.UnresolvableKeyException("no verification key with this key id");
                        }
                        return key;
                    })
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setExpectedIssuer(issuer)
                    .setRequireSubject()
                    .setRequireJwtId()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setIssuedAtRestrictions(CLOCK_SKEW_SECONDS, (int) Duration.parse(ttl).plusDays(1).toSeconds())
                    .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                    .setSkipDefaultAudienceValidation()
                    .build();
            consumer = current;
        }
        return current;
    }
}
