package io.taskmanager.accounts.control;

import io.taskmanager.platform.StoredText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Access tokens of the organisation's identity provider (IdentityProvider): signed RS256 or
 * ES256 with a key the provider publishes (ProviderKeys), issued by it, for this service's
 * audience, within {@code nbf} and {@code exp}. One becomes an access token of the account
 * linked to its {@code sub} (LinkedAccounts), an administrator's when its {@code groups} meet
 * {@code taskmanager.oidc.admin-groups}. MicroProfile JWT verifies one issuer only, and this
 * service's own tokens are that one, so the provider's are verified here with jose4j.
 */
@ApplicationScoped
public class ProviderTokens {

    /** Providers' clocks are not this cluster's; Keycloak, Entra ID and Okta all allow about this much. */
    private static final int CLOCK_SKEW_SECONDS = 30;
    /** Tokens with many groups are long (Entra ID's reach several KiB); anything longer is refused unparsed. */
    private static final int MAX_TOKEN_LENGTH = 16384;
    private static final int MAX_SUBJECT = 255;
    /**
     * Claims only ID tokens carry (OpenID Connect Core 1.0, 2 and 3.1.3.6): a client's ID token
     * names the client as its audience, and must not pass for an access token to this API.
     */
    private static final List<String> ID_TOKEN_CLAIMS = List.of("at_hash", "c_hash");
    /** Reads claims without judging them: only to see whose token it claims to be. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder()
            .setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification().build();

    @Inject
    IdentityProvider provider;

    @Inject
    ProviderKeys keys;

    @Inject
    LinkedAccounts accounts;

    private volatile JwtConsumer consumer;

    private final RecentlyVerifiedTokens recentlyVerified = new RecentlyVerifiedTokens(4096, CLOCK_SKEW_SECONDS);

    public boolean enabled() {
        return provider.issuer().isPresent();
    }

    /** The provider's access token as one of the linked account; empty for anything else, or without single sign-on. */
    public Optional<VerifiedToken> verify(String compact) {
        if (!enabled() || compact.length() > MAX_TOKEN_LENGTH || compact.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        // remembered by hash: a provider's token may be 16 KiB, and thousands are remembered
        String tokenId = tokenId(compact);
        VerifiedToken known = recentlyVerified.find(tokenId, Instant.now());
        if (known != null) {
            return Optional.of(known);
        }
        if (!provider.issuer().orElseThrow().equals(unverifiedIssuer(compact))) {
            // a local token that failed, or a stranger's: no key of the provider is looked up for it
            return Optional.empty();
        }
        JwtContext verified;
        try {
            verified = consumer().process(compact);
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = verified.getJwtClaims();
            String subject = claims.getSubject();
            if (!accessTokenType(verified.getJoseObjects().get(0).getHeader("typ"), claims.getClaimValue("typ"))
                    || idToken(claims)
                    || subject.isEmpty() || subject.length() > MAX_SUBJECT || StoredText.problem(subject, true) != null) {
                return Optional.empty();
            }
            // Entra ID's v1 tokens name the person in upn, not preferred_username
            String name = Optional.ofNullable(text(claims.getClaimValue("preferred_username"))).orElse(text(claims.getClaimValue("upn")));
            LinkedAccounts.Profile profile = new LinkedAccounts.Profile(name,
                    text(claims.getClaimValue("email")), isTrue(claims.getClaimValue("email_verified")));
            Instant issuedAt = claims.getIssuedAt() == null ? null : Instant.ofEpochSecond(claims.getIssuedAt().getValue());
            Instant expiresAt = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
            Optional<Long> accountId = accounts.accountFor(claims.getIssuer(), subject, issuedAt, profile);
            if (accountId.isEmpty()) {
                return Optional.empty();
            }
            Set<String> groups = new HashSet<>(List.of(AccessTokens.USER_GROUP));
            // the organisation decides who administers, token by token (taskmanager.admin.usernames is for local accounts)
            if (!java.util.Collections.disjoint(strings(claims.getClaimValue("groups")), provider.adminGroups())) {
                groups.add(AccessTokens.ADMIN_GROUP);
            }
            VerifiedToken token = new VerifiedToken(VerifiedToken.Kind.PROVIDER, Long.toString(accountId.get()), tokenId,
                    expiresAt, groups, 0, 0, Set.of());
            recentlyVerified.remember(tokenId, token);
            return Optional.of(token);
        } catch (MalformedClaimException | ClassCastException | DateTimeException e) {
            // DateTimeException: an exp or iat beyond any date (the provider signed it, but no account gets it)
            return Optional.empty();
        }
    }

    /**
     * Whether the claims are an ID token's: at_hash or c_hash, or a nonce, except beside
     * {@code typ: Bearer}: Keycloak before 25 copied the nonce into its access tokens too.
     */
    static boolean idToken(JwtClaims claims) {
        boolean saysAccessToken = claims.getClaimValue("typ") instanceof String type && type.equalsIgnoreCase("Bearer");
        return ID_TOKEN_CLAIMS.stream().anyMatch(claims::hasClaim) || claims.hasClaim("nonce") && !saysAccessToken;
    }

    /** The token's {@code iss} before anything is verified: only the configured issuer's tokens go any further. */
    private static String unverifiedIssuer(String compact) {
        try {
            return UNVERIFIED.processToClaims(compact).getIssuer();
        } catch (InvalidJwtException | MalformedClaimException e) {
            return null;
        }
    }

    /**
     * Only access tokens: a header {@code typ} of JWT or at+jwt (RFC 9068) or none, and no claim
     * {@code typ} other than Bearer, which Keycloak sets to ID on its ID tokens. An ID token is
     * issued for the client's own audience too, and must not open the API.
     */
    static boolean accessTokenType(String headerType, Object claimType) {
        String header = headerType == null ? "jwt" : headerType.toLowerCase(Locale.ROOT).replaceFirst("^application/", "");
        boolean accessHeader = header.equals("jwt") || header.equals("at+jwt");
        boolean accessClaim = claimType == null || claimType instanceof String type && type.equalsIgnoreCase("Bearer");
        return accessHeader && accessClaim;
    }

    /** What a logout revokes: the token itself, by its hash (a provider's token need not carry a jti). */
    static String tokenId(String compact) {
        return "p:" + Base64.getUrlEncoder().withoutPadding().encodeToString(OpaqueTokens.hash(compact));
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text.strip() : null;
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    /** A claim of one string or a list of them (providers differ); other values count for nothing. */
    private static Set<String> strings(Object value) {
        if (value instanceof String text) {
            return Set.of(text);
        }
        if (value instanceof Collection<?> values) {
            Set<String> found = new HashSet<>();
            values.forEach(item -> {
                if (item instanceof String text) {
                    found.add(text);
                }
            });
            return found;
        }
        return Set.of();
    }

    private JwtConsumer consumer() {
        JwtConsumer current = consumer;
        if (current == null) {
            current = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(keys)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setExpectedIssuer(provider.issuer().orElseThrow())
                    .setExpectedAudience(provider.audience())
                    .setRequireSubject()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                    .build();
            consumer = current;
        }
        return current;
    }
}
