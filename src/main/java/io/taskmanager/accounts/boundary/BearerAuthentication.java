package io.taskmanager.accounts.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.PersonalAccessTokens;
import io.taskmanager.accounts.control.ProviderTokens;
import io.taskmanager.accounts.control.VerifiedToken;
import io.taskmanager.platform.ObservedRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code Authorization: Bearer <token>} (the scheme word in any case, RFC 9110) and
 * verifies the token. An access token (this service's or the identity provider's) or a personal access token becomes the request's
 * principal, with its groups as roles (AccessTokenCheck keeps personal ones to their routes); a reset-step token is kept for its own route only and is no principal anywhere, so
 * a token of the wrong kind is 401 like no token. A token that fails verification leaves
 * the request anonymous; the routes that need one answer 401.
 */
@Provider
@ApplicationScoped
// before matching, so before every post-matching filter whatever its priority: the role
// check, the rate limiter and the account check all need to know who is calling
@PreMatching
@Priority(RequestFilters.BEARER_AUTHENTICATION)
public class BearerAuthentication implements ContainerRequestFilter {

    /** The scheme, then the token68 credentials (RFC 9110, 11.4): the only form a bearer token takes. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +([A-Za-z0-9._~+/-]+=*)");

    @Inject
    AccessTokens tokens;

    @Inject
    PersonalAccessTokens personalTokens;

    @Inject
    ProviderTokens providerTokens;

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        // two Authorization headers are no credentials: which one would count is anyone's guess
        if (authorization == null || authorization.size() != 1) {
            return;
        }
        Optional<VerifiedToken> verified = bearerToken(authorization.get(0)).flatMap(bearer ->
                bearer.startsWith(PersonalAccessTokens.PREFIX) ? personalTokens.verify(bearer)
                        // a provider's token names a key this service does not have, so the local check
                        // refuses it before any signature; the provider's check looks only at its own issuer's
                        : tokens.verify(bearer).or(() -> providerTokens.verify(bearer)));
        if (verified.isEmpty()) {
            return;
        }
        VerifiedToken token = verified.get();
        caller.authenticate(token);
        if (token.isAccessToken() || token.kind() == VerifiedToken.Kind.PERSONAL) {
            request.setSecurityContext(new AccessTokenContext(token, request.getSecurityContext().isSecure()));
            ObservedRequest.noteUser(token.subject());
        }
    }

    static Optional<String> bearerToken(String header) {
        Matcher matcher = BEARER.matcher(header.strip());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private record AccessTokenContext(VerifiedToken token, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return token;
        }

        @Override
        public boolean isUserInRole(String role) {
            return token.groups().contains(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
