package io.taskmanager.tasks.entity;

import java.util.Locale;
import java.util.Optional;

/** How urgent a task is. Lower case on the wire, upper case in the database. */
public enum Priority {
    LOW, MEDIUM, HIGH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority a client named, ignoring case; empty for anything else. */
    public static Optional<Priority> fromWire(String value) {
        for (Priority priority : values()) {
            if (priority.name().equalsIgnoreCase(value)) {
                return Optional.of(priority);
            }
        }
        return Optional.empty();
    }
}
