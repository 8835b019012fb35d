package io.taskmanager.platform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 3339 in UTC with a Z suffix and whole seconds, as the contract shows. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
