package io.taskmanager.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the application has started (ApplicationStart), and then only while the database
 * answers: a load balancer sends no work before the WAR can take it, nor during an outage.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Inject
    DatabaseProbe database;

    @Override
    public HealthCheckResponse call() {
        if (!ApplicationStart.started()) {
            return HealthCheckResponse.named("database").down().withData("starting", true).build();
        }
        try {
            return HealthCheckResponse.named("database").status(database.answers(VALIDATION_TIMEOUT_SECONDS)).build();
        } catch (SQLException | RuntimeException e) {
            return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
