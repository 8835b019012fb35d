package io.taskmanager.accounts.boundary;

import io.taskmanager.input.FieldMessages;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record DeleteAccountRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @Size(max = 1024, message = "Length must be at most {max} characters.")
        String password) {
}
