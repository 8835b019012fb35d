package io.taskmanager.accounts.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.accounts.control.AccessTokenRevocations;
import io.taskmanager.accounts.control.PersonalAccessTokens;
import io.taskmanager.accounts.control.VerifiedToken;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.protection.boundary.RoleCheck;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.ConfigProvider;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * The signature proves a token was issued here and has not expired; this adds what only the
 * database knows, on every route that needs an access token, whatever the token's groups
 * (no access token at all is 401 here too):
 * the account still exists, the token was not logged out, it was issued under the current
 * password, and an administrator's token belongs to an account that still is one. For the
 * identity provider's tokens, the account and the logout count; the provider's groups decide
 * who administers, and no password or session of this service is involved.
 */
@Provider
public class AccessTokenCheck implements DynamicFeature {

    static final String REQUIRE_VERIFIED_EMAIL = "taskmanager.signup.require-verified-email";

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        if (RoleCheck.requiredRoles(resourceInfo).isPresent()) {
            boolean verifiedEmailOnly = (resourceInfo.getResourceMethod().isAnnotationPresent(RequiresVerifiedEmail.class)
                    || resourceInfo.getResourceClass().isAnnotationPresent(RequiresVerifiedEmail.class))
                    && ConfigProvider.getConfig().getOptionalValue(REQUIRE_VERIFIED_EMAIL, Boolean.class).orElse(false);
            boolean personalTokensAccepted = resourceInfo.getResourceClass().isAnnotationPresent(AcceptsPersonalTokens.class);
            context.register(new Filter(verifiedEmailOnly, personalTokensAccepted));
        }
    }

    // before the role check (AUTHORIZATION - 1): a revoked token is 401 on every route, never a
    // 403; and before the rate limiter (AUTHORIZATION): a token that fails spends no one's budget
    @Priority(RequestFilters.ACCESS_TOKEN_CHECK)
    static final class Filter implements ContainerRequestFilter {

        private final boolean verifiedEmailOnly;
        private final boolean personalTokensAccepted;
        private volatile Caller caller;
        private volatile AccessTokenRevocations revocations;

        Filter(boolean verifiedEmailOnly, boolean personalTokensAccepted) {
            this.verifiedEmailOnly = verifiedEmailOnly;
            this.personalTokensAccepted = personalTokensAccepted;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (revocations == null) {
                caller = CDI.current().select(Caller.class).get();
                revocations = CDI.current().select(AccessTokenRevocations.class).get();
            }
            VerifiedToken token = caller.token().filter(t -> t.isAccessToken()
                            || t.kind() == VerifiedToken.Kind.PERSONAL && personalTokensAccepted)
                    .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required"));
            if (token.kind() == VerifiedToken.Kind.PERSONAL) {
                String needed = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod())
                        ? PersonalAccessTokens.TASKS_READ : PersonalAccessTokens.TASKS_WRITE;
                if (!token.scopes().contains(needed)) {
                    throw new ApiException(ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.defaultMessage(),
                            "This personal access token lacks the scope " + needed, null, null);
                }
            }
            AccessTokenRevocations.Standing standing = revocations.standing(token).orElseThrow(() ->
                    new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required",
                        "The token was revoked by a logout, a password change or the end of its session, or its account is gone", null, null));
            if (verifiedEmailOnly && !standing.emailVerified()) {
                throw new ApiException(ErrorCode.EMAIL_NOT_VERIFIED, ErrorCode.EMAIL_NOT_VERIFIED.defaultMessage(),
                        "Verify the address with POST /api/users/me/email and the mailed code first", null, null);
            }
        }
    }
}
