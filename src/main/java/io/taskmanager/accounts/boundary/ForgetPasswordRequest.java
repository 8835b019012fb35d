package io.taskmanager.accounts.boundary;

import io.taskmanager.input.FieldMessages;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record ForgetPasswordRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @Size(max = 254, message = "Length must be at most {max} characters.")
        @Pattern(regexp = SignupRequest.EMAIL, message = "Not a valid email address.")
        String email) {
}
