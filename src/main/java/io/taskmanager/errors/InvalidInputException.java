package io.taskmanager.errors;

import java.util.List;
import java.util.Map;

/**
 * 400 with per-field messages: {@code details} maps each offending field to its messages. A
 * flood of bad fields is not echoed back: at most {@link #MAX_FIELDS} are listed, names cut to
 * {@link #MAX_NAME} characters, and {@code reason} counts the ones left out.
 */
public class InvalidInputException extends ApiException {

    static final int MAX_FIELDS = 20;
    static final int MAX_NAME = 64;

    /** Keeps an immutable copy, in the map's own order, so callers may collect into any mutable map. */
    public InvalidInputException(Map<String, List<String>> fieldErrors) {
        super(ErrorCode.BAD_REQUEST, null, leftOut(fieldErrors), listed(fieldErrors), null);
    }

    private static Map<String, List<String>> listed(Map<String, List<String>> fieldErrors) {
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<String>> error : fieldErrors.entrySet()) {
            if (copy.size() == MAX_FIELDS) {
                break;
            }
            String field = error.getKey();
            // cut by code points, so no surrogate pair is split
            String name = field.codePointCount(0, field.length()) > MAX_NAME
                    ? field.substring(0, field.offsetByCodePoints(0, MAX_NAME)) + "…" : field;
            copy.merge(name, List.copyOf(error.getValue()), (a, b) -> a);
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static String leftOut(Map<String, List<String>> fieldErrors) {
        int more = fieldErrors.size() - MAX_FIELDS;
        return more > 0 ? more + " more field" + (more == 1 ? " was" : "s were") + " refused too; the first "
                + MAX_FIELDS + " are listed" : null;
    }

    public InvalidInputException(String message, String reason) {
        super(ErrorCode.BAD_REQUEST, message, reason, null, null);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(Map.of(field, List.of(message)));
    }
}
