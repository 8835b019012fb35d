package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.VerifiedToken;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * The verified bearer token of this request, if it carried one (BearerAuthentication). Every
 * method is public: a CDI client proxy delegates only those to the request's instance.
 */
@RequestScoped
public class Caller {

    private VerifiedToken token;

    public void authenticate(VerifiedToken verified) {
        token = verified;
    }

    public Optional<VerifiedToken> token() {
        return Optional.ofNullable(token);
    }

    /** The account an access token (or a personal access token) speaks for; 401 for any other token, or none. */
    public long userId() {
        if (token != null && token.kind() == VerifiedToken.Kind.PERSONAL) {
            return token.accountId();
        }
        return accessToken().accountId();
    }

    /** The token's own id (jti), by which a logout revokes exactly this token. */
    public String tokenId() {
        return accessToken().id();
    }

    /** The session the access token was issued in (0 for a token older than sessions). */
    public long sessionId() {
        return accessToken().sessionId();
    }

    public Instant expiresAt() {
        return accessToken().expiresAt();
    }

    /** The reset request a step token of {@code kind} names; 401 for any other token, or none. */
    public String stepRequestId(VerifiedToken.Kind kind, String message) {
        if (token != null && token.kind() == kind) {
            return token.id();
        }
        throw new ApiException(ErrorCode.UNAUTHORIZED, message);
    }

    private VerifiedToken accessToken() {
        if (token != null && token.isAccessToken()) {
            return token;
        }
        throw new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
    }
}
