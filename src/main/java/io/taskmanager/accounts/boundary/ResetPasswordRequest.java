package io.taskmanager.accounts.boundary;

import io.taskmanager.input.FieldMessages;
import jakarta.validation.constraints.NotNull;

public record ResetPasswordRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @AcceptablePassword
        String newPassword) {
}
