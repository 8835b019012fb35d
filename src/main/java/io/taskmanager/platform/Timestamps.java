package io.taskmanager.platform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 3339 in UTC with a Z suffix and whole seconds, as the contract shows. */
public final class Timestamps {

    private Timestamps() {
    }

    /** A timestamptz column of a native query, whichever Java type the JDBC driver and Hibernate chose. */
    public static Instant fromColumn(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
    }

    public static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
