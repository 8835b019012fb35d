package io.taskmanager.accounts.boundary;

import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The user a verified access token speaks for. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken token;

    /** The account id in the token's subject; 401 when there is none. */
    public long userId() {
        try {
            long id = Long.parseLong(token.getSubject());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // falls through to 401
        }
        throw new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
    }

    /** The token's own id (jti), by which a logout revokes exactly this token. */
    public String tokenId() {
        String jti = token.getTokenID();
        if (jti == null || jti.isEmpty()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
        }
        return jti;
    }

    public Instant expiresAt() {
        return Instant.ofEpochSecond(token.getExpirationTime());
    }
}
