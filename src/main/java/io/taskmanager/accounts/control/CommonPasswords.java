package io.taskmanager.accounts.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The most common passwords by frequency (META-INF/common-passwords.txt: the zxcvbn list
 * drawn from Mark Burnett's 10M-password corpus). Compared without regard to case.
 */
public final class CommonPasswords {

    private static final String RESOURCE = "/META-INF/common-passwords.txt";
    private static final Set<String> PASSWORDS = load();

    private CommonPasswords() {
    }

    public static boolean contains(String password) {
        return PASSWORDS.contains(password.toLowerCase(Locale.ROOT));
    }

    public static int size() {
        return PASSWORDS.size();
    }

    private static Set<String> load() {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            Set<String> passwords = new HashSet<>(40_000);
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .forEach(passwords::add);
            return Set.copyOf(passwords);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
