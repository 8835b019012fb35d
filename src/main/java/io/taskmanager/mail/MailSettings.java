package io.taskmanager.mail;

import io.taskmanager.platform.ServiceMode;
import io.taskmanager.platform.StartupCheck;
import io.taskmanager.platform.StartupChecks;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Whether mails are sent (MAIL_SERVER is set) or, in development, written to the log.
 * The transport itself is the server's mail session; only the credentials are read here,
 * because servers name their session properties differently.
 */
@ApplicationScoped
public class MailSettings {

    @Inject
    Config config;

    @Inject
    ServiceMode mode;

    private Optional<String> value(String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    public boolean sending() {
        return value("MAIL_SERVER").isPresent();
    }

    public Optional<String> username() {
        return value("MAIL_USERNAME");
    }

    public Optional<String> password() {
        return value("MAIL_PASSWORD");
    }

    public Optional<String> sender() {
        return value("MAIL_SENDER");
    }

    /**
     * A production instance must really send mail; only a development start writes mails to
     * its log. A half-configured relay is refused at start in either mode.
     */
    void requireUsable(@Observes @Priority(2) StartupCheck check) {
        if (!sending()) {
            if (!mode.development()) {
                throw StartupChecks.refuse("no mail sender: set MAIL_SERVER, MAIL_PORT and MAIL_SENDER"
                        + " (password-reset codes must reach their owners)");
            }
            return;
        }
        for (String required : new String[] {"MAIL_PORT", "MAIL_SENDER"}) {
            if (value(required).isEmpty()) {
                throw StartupChecks.refuse("MAIL_SERVER is set but " + required + " is not");
            }
        }
        if (!value("MAIL_PORT").orElseThrow().matches("[0-9]{1,5}")) {
            throw StartupChecks.refuse("MAIL_PORT must be a port number");
        }
    }
}
