package io.taskmanager.tasks.boundary;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.tasks.control.TaskService;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The Idempotency-Key header of a create, and the digest that tells a repeat from a reuse. */
final class IdempotencyKey {

    static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    static Optional<TaskService.IdempotentRequest> of(List<String> headerValues, JsonObject body) {
        if (headerValues == null || headerValues.isEmpty()) {
            return Optional.empty();
        }
        if (headerValues.size() > 1) {
            throw InvalidInputException.field(TasksResource.IDEMPOTENCY_KEY, "Send one Idempotency-Key header.");
        }
        String key = headerValues.get(0);
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw InvalidInputException.field(TasksResource.IDEMPOTENCY_KEY,
                    "Must be 1 to " + MAX_LENGTH + " printable ASCII characters.");
        }
        return Optional.of(new TaskService.IdempotentRequest(key, digest(body)));
    }

    /** SHA-256 of the body with its keys sorted: the same request in another key order or spacing is a repeat. */
    static String digest(JsonObject body) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(body).forEach((name, value) -> canonical.append(name).append('\u0000').append(value).append('\u0000'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
