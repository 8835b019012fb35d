package io.taskmanager.tasks.control;

import java.util.Set;

/** The versions a conditional request (If-Match) accepts; {@link #NONE} accepts any. */
public record VersionPrecondition(boolean anyVersion, Set<Long> versions) {

    public static final VersionPrecondition NONE = new VersionPrecondition(true, Set.of());

    public boolean accepts(long version) {
        return anyVersion || versions.contains(version);
    }
}
