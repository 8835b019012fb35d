package io.taskmanager.accounts.control;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * A bearer token whose signature, issuer and lifetime this service checked. Its kind comes
 * from its groups, so the kinds can never stand in for one another: an access token speaks
 * for an account (subject = account id) within one session (0: issued before sessions
 * existed); a reset-step token only for one reset request.
 */
public record VerifiedToken(Kind kind, String subject, String id, Instant expiresAt, Set<String> groups, long passwordVersion,
                            long sessionId)
        implements Principal {

    public enum Kind {
        ACCESS, RESET_CODE_STEP, RESET_STEP
    }

    public VerifiedToken {
        groups = Set.copyOf(groups);
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
