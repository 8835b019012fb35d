package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.input.FieldMessages;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record SignupRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @Size(min = UserAccount.MIN_USERNAME, max = UserAccount.MAX_USERNAME, message = "Length must be between {min} and {max} characters.")
        @Pattern(regexp = "[" + UserAccount.USERNAME_CHARACTERS + "]*", message = "Only letters, digits, '_', '.' and '-' are allowed.")
        String username,

        @NotNull(message = FieldMessages.REQUIRED)
        @Size(max = 254, message = "Length must be at most {max} characters.")
        @Pattern(regexp = EMAIL, message = "Not a valid email address.")
        String email,

        @NotNull(message = FieldMessages.REQUIRED)
        @AcceptablePassword
        String password) {

    /** A dot-atom local part of at most 64 characters at a DNS name with a top-level domain. */
    static final String EMAIL = "(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}";
}
