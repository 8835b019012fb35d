package io.taskmanager.tasks.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Forgets idempotency keys after their 24 hours, so the table stays as small as a day's creates. */
@Singleton
public class IdempotencyKeyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurge.class.getName());

    @Inject
    IdempotencyKeys keys;

    // not persistent: every instance purges on its own clock, and a missed run is harmless
    @Schedule(hour = "*", minute = "17", persistent = false)
    public void purge() {
        int purged = keys.purgeExpired();
        if (purged > 0) {
            LOG.info(() -> "purged " + purged + " expired idempotency keys");
        }
    }
}
