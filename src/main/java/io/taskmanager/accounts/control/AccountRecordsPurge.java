package io.taskmanager.accounts.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Forgets account records that no longer decide anything: revocations of expired tokens, old login failures, expired sessions. */
@Singleton
public class AccountRecordsPurge {

    private static final Logger LOG = Logger.getLogger(AccountRecordsPurge.class.getName());

    @Inject
    AccessTokenRevocations revocations;

    @Inject
    LoginThrottle loginThrottle;

    @Inject
    Sessions sessions;

    // not persistent: every instance purges on its own clock, and a missed run is harmless
    @Schedule(hour = "*", minute = "23", persistent = false)
    public void purge() {
        int revoked = revocations.purgeExpired();
        int failures = loginThrottle.purgeExpired();
        int expiredSessions = sessions.purgeExpired();
        if (revoked + failures + expiredSessions > 0) {
            LOG.info(() -> "purged " + revoked + " revocations of expired tokens, " + failures + " old login failure counts and "
                    + expiredSessions + " expired sessions");
        }
    }
}
