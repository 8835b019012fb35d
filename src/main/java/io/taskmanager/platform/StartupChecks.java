package io.taskmanager.platform;

import io.taskmanager.accounts.control.SigningKeys;
import io.taskmanager.mail.MailSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Refuses to start an instance that would run insecurely or half-configured. */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());

    @Inject
    SigningKeys signingKeys;

    @Inject
    MailSettings mailSettings;

    public void run() {
        signingKeys.requireUsableKeys();
        mailSettings.requireUsable();
    }

    /** Logs the reason as one line and returns the exception that stops the deployment. */
    public static IllegalStateException refuse(String reason) {
        LOG.severe("Task Manager refuses to start: " + reason);
        return new IllegalStateException("Task Manager refuses to start: " + reason);
    }
}
