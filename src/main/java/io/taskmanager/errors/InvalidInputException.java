package io.taskmanager.errors;

import java.util.List;
import java.util.Map;

/** 400 with per-field messages: {@code details} maps each offending field to its messages. */
public class InvalidInputException extends ApiException {

    public InvalidInputException(Map<String, List<String>> fieldErrors) {
        super(ErrorCode.BAD_REQUEST, null, null, fieldErrors, null);
    }

    public InvalidInputException(String message, String reason) {
        super(ErrorCode.BAD_REQUEST, message, reason, null, null);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(Map.of(field, List.of(message)));
    }
}
