package io.taskmanager.errors;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The body of every non-2xx response: {@code {"errors": {...}}}. */
public record ErrorEnvelope(Error errors) {

    @JsonbPropertyOrder({"code", "type", "status", "message", "reason", "details", "instance"})
    public record Error(String code, String type, int status, String message, String reason, Object details,
                        String instance) {
    }
}
