package io.taskmanager.accounts.boundary;

import io.taskmanager.input.FieldMessages;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The address to prove: the account's own, or the one to move to. */
public record EmailChangeRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @Size(max = 254, message = "Length must be at most {max} characters.")
        @Pattern(regexp = SignupRequest.EMAIL, message = "Not a valid email address.")
        String email,

        // required (400 without it) unless the identity provider created the account, which has none
        @Size(max = 1024, message = "Length must be at most {max} characters.")
        String currentPassword) {
}
