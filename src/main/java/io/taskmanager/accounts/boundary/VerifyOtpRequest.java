package io.taskmanager.accounts.boundary;

import io.taskmanager.input.FieldMessages;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record VerifyOtpRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @Size(max = 254, message = "Length must be at most {max} characters.")
        String email,

        @NotNull(message = FieldMessages.REQUIRED)
        @Pattern(regexp = "[0-9]{6}", message = "Must be the 6-digit code from the mail.")
        String otp) {
}
