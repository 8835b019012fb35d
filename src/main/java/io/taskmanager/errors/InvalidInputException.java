package io.taskmanager.errors;

import java.util.List;
import java.util.Map;

/** 400 with per-field messages: {@code details} maps each offending field to its messages. */
public class InvalidInputException extends ApiException {

    /** Keeps an immutable copy, in the map's own order, so callers may collect into any mutable map. */
    public InvalidInputException(Map<String, List<String>> fieldErrors) {
        super(ErrorCode.BAD_REQUEST, null, null, immutableCopy(fieldErrors), null);
    }

    private static Map<String, List<String>> immutableCopy(Map<String, List<String>> fieldErrors) {
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        fieldErrors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    public InvalidInputException(String message, String reason) {
        super(ErrorCode.BAD_REQUEST, message, reason, null, null);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(Map.of(field, List.of(message)));
    }
}
