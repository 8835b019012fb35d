package io.taskmanager.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Production unless {@code taskmanager.mode=dev}, which only the README's run command sets:
 * the one mode that accepts the committed development keys and writes mails to the log.
 */
@ApplicationScoped
public class ServiceMode {

    public static final String KEY = "taskmanager.mode";

    @Inject
    Config config;

    /** Whether this is a development start; any value but prod or dev refuses the start. */
    public boolean development() {
        String mode = config.getOptionalValue(KEY, String.class).map(String::strip).orElse("prod");
        return switch (mode) {
            case "prod" -> false;
            case "dev" -> true;
            default -> throw StartupChecks.refuse(KEY + " (env TASKMANAGER_MODE) must be prod or dev, not '"
                    + mode.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        };
    }
}
