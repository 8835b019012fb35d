package io.taskmanager.accounts.control;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * A bearer token this service checked: a JWT by its signature, issuer and lifetime, whose kind
 * comes from its groups, so the kinds can never stand in for one another; or a personal access
 * token, found by its hash. An access token speaks for an account (subject = account id)
 * within one session (0: issued before sessions existed); so does the identity provider's
 * access token, for the account linked to it, in no session of this service; a personal
 * access token for an account within its scopes; a reset-step token only for one reset request.
 */
public record VerifiedToken(Kind kind, String subject, String id, Instant expiresAt, Set<String> groups, long passwordVersion,
                            long sessionId, Set<String> scopes)
        implements Principal {

    public enum Kind {
        ACCESS, RESET_CODE_STEP, RESET_STEP,
        /** The organisation's identity provider's access token: everything an ACCESS token may do. */
        PROVIDER,
        /** A personal access token: the task routes only, within its scopes. */
        PERSONAL
    }

    public VerifiedToken {
        groups = Set.copyOf(groups);
        scopes = Set.copyOf(scopes);
    }

    /** An access token of this service or of the identity provider: the whole API of its account. */
    public boolean isAccessToken() {
        return kind == Kind.ACCESS || kind == Kind.PROVIDER;
    }

    /** The account id of an access token. */
    public long accountId() {
        return Long.parseLong(subject);
    }

    @Override
    public String getName() {
        return subject;
    }
}
