package io.taskmanager.accounts.control;

import java.util.Locale;

/** The password rules that need the account: Bean Validation covers length and common passwords. */
public final class PasswordPolicy {

    private PasswordPolicy() {
    }

    /** Why the password cannot be this account's, or null when it can. */
    public static String problem(String password, String username, String email) {
        String lowerPassword = password.toLowerCase(Locale.ROOT);
        if (lowerPassword.contains(username.toLowerCase(Locale.ROOT))
                || lowerPassword.contains(email.toLowerCase(Locale.ROOT).split("@", 2)[0])) {
            return "Password must not contain the username or the email address.";
        }
        return null;
    }
}
