package io.taskmanager.accounts.boundary;

import jakarta.validation.constraints.NotNull;

public record ResetPasswordRequest(
        @NotNull(message = Messages.REQUIRED)
        @AcceptablePassword
        String newPassword) {
}
