package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokenRevocations;
import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * MicroProfile JWT proves a token was signed here and has not expired; this adds what only
 * the database knows: the account still exists, the token was not logged out, and it was
 * issued under the current password. Runs after the role check, for access tokens only.
 */
@Provider
@ApplicationScoped
// after the rate limiter (AUTHORIZATION): a flood is turned away before it costs a query
@Priority(Priorities.AUTHORIZATION + 100)
public class AccessTokenCheck implements ContainerRequestFilter {

    @Inject
    AccessTokenRevocations revocations;

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        if (security == null || !(security.getUserPrincipal() instanceof JsonWebToken token)
                || token.getGroups() == null || !token.getGroups().contains(AccessTokens.USER_GROUP)) {
            return;
        }
        long userId;
        try {
            userId = Long.parseLong(token.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            throw rejected();
        }
        String jti = token.getTokenID();
        if (jti == null || !revocations.isValid(userId, jti, passwordVersion(token))) {
            throw rejected();
        }
    }

    private static long passwordVersion(JsonWebToken token) {
        Object claim = token.getClaim(AccessTokens.PASSWORD_VERSION_CLAIM);
        if (claim instanceof JsonNumber number) {
            return number.longValue();
        }
        if (claim instanceof Number number) {
            return number.longValue();
        }
        // issued before password versions existed: valid only until the first password change
        return 0;
    }

    private static ApiException rejected() {
        return new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required",
                "The token was revoked by a logout or a password change", null, null);
    }
}
