package io.taskmanager.accounts.boundary;

import jakarta.validation.constraints.Size;

/**
 * The account's current password; required (400 when absent) unless the identity provider
 * created the account, which has none (AccountService says which).
 */
public record DeleteAccountRequest(
        @Size(max = 1024, message = "Length must be at most {max} characters.")
        String password) {
}
