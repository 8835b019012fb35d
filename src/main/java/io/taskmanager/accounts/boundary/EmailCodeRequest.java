package io.taskmanager.accounts.boundary;

import io.taskmanager.input.FieldMessages;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record EmailCodeRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @Pattern(regexp = "[0-9]{6}", message = "Must be the 6-digit code from the mail.")
        String otp) {
}
