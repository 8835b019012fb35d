package io.taskmanager.accounts.boundary;

import io.taskmanager.input.FieldMessages;
import io.taskmanager.input.CrossFieldRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.function.BiConsumer;

/** Exactly one of username or email, and the password. */
public record LoginRequest(
        @Size(max = 254, message = "Length must be at most {max} characters.") String username,
        @Size(max = 254, message = "Length must be at most {max} characters.") String email,
        @NotNull(message = FieldMessages.REQUIRED)
        @Size(max = 1024, message = "Length must be at most {max} characters.") String password)
        implements CrossFieldRules {

    @Override
    public void check(BiConsumer<String, String> failure) {
        if ((username == null) == (email == null)) {
            String message = "Provide exactly one of username or email.";
            failure.accept("username", message);
            failure.accept("email", message);
        }
    }
}
