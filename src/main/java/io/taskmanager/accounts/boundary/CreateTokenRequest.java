package io.taskmanager.accounts.boundary;

import io.taskmanager.input.CrossFieldRules;
import io.taskmanager.input.FieldMessages;
import io.taskmanager.accounts.control.PersonalAccessTokens;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** A personal access token to make: its name, its scopes, its lifetime in days (default 90). */
public record CreateTokenRequest(
        @NotNull(message = FieldMessages.REQUIRED)
        @Size(min = 1, max = 100, message = "Length must be between {min} and {max} characters.")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "Must not contain control characters or line breaks.")
        String name,

        @NotNull(message = FieldMessages.REQUIRED)
        List<String> scopes,

        @Min(value = 1, message = "Must be between 1 and 365.")
        @Max(value = 365, message = "Must be between 1 and 365.")
        Integer expiresInDays) implements CrossFieldRules {

    static final int DEFAULT_DAYS = 90;

    @Override
    public void check(BiConsumer<String, String> failure) {
        if (name.isBlank()) {
            failure.accept("name", "Must not be blank.");
        }
        if (scopes.isEmpty() || scopes.stream().anyMatch(scope -> scope == null || !PersonalAccessTokens.SCOPES.contains(scope))
                || new HashSet<>(scopes).size() != scopes.size()) {
            failure.accept("scopes", "Must list one or both of tasks:read and tasks:write, each once.");
        }
    }

    Set<String> scopeSet() {
        return Set.copyOf(scopes);
    }

    int days() {
        return expiresInDays == null ? DEFAULT_DAYS : expiresInDays;
    }
}
