package io.taskmanager.tasks.boundary;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.tasks.control.VersionPrecondition;
import jakarta.ws.rs.core.EntityTag;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A task's strong ETag is its version; If-Match is read back into the versions it accepts. */
final class EntityTags {

    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"\\s*(,|$)");

    private EntityTags() {
    }

    static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * The If-Match headers as a precondition. Comparison is strong (RFC 9110): a weak tag or
     * a tag that is not a version this server made matches nothing, so the write gets 412.
     */
    static VersionPrecondition ifMatch(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return VersionPrecondition.NONE;
        }
        Set<Long> versions = new HashSet<>();
        for (String header : headers) {
            String value = header.strip();
            if (value.equals("*")) {
                // any current version: the task only has to exist
                return VersionPrecondition.NONE;
            }
            Matcher tag = TAG.matcher(value);
            int at = 0;
            while (at < value.length()) {
                // anchored where the previous tag ended: find() would retry from every later
                // position after a failure, which is quadratic in the header's length
                tag.region(at, value.length());
                if (!tag.lookingAt()) {
                    throw InvalidInputException.field("If-Match", "Must be * or a list of quoted entity tags, e.g. \"3\".");
                }
                if (tag.group(1) == null && tag.group(2).matches("[0-9]{1,18}")) {
                    versions.add(Long.parseLong(tag.group(2)));
                }
                at = tag.end();
            }
        }
        return new VersionPrecondition(false, Set.copyOf(versions));
    }
}
