package io.taskmanager.tasks.boundary;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.tasks.control.TaskService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The Idempotency-Key header of a create, and the digest that tells a repeat from a reuse. */
final class IdempotencyKey {

    static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    static Optional<TaskService.IdempotentRequest> of(List<String> headerValues, CreateTaskRequest body) {
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

    /**
     * SHA-256 of the fields as bound: the same request in another key order or spacing is a
     * repeat; a field sent or left out, or sent as null, makes another request.
     */
    static String digest(CreateTaskRequest body) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, "title", body.title());
        field(canonical, "description", body.description());
        field(canonical, "completion", body.completion());
        field(canonical, "priority", body.priority());
        field(canonical, "due_date", body.dueDate());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // length-prefixed, so no value can pose as another field
    private static void field(StringBuilder canonical, String name, Optional<?> value) {
        String text = value == null ? "absent" : value.map(present -> "=" + present).orElse("null");
        canonical.append(name).append(' ').append(text.length()).append(' ').append(text).append('\n');
    }
}
