package io.taskmanager.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date while the application deploys, so no request is served
 * against an old schema. A database that cannot be reached fails the deployment with a
 * one-line reason instead of a service that answers 500 to everything.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    @Resource(name = "jdbc/taskmanager")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "taskmanager.db.connect-retries", defaultValue = "3")
    int connectRetries;

    @Inject
    StartupChecks startupChecks;

    @PostConstruct
    void migrate() {
        startupChecks.run();
        try {
            MigrateResult result = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .connectRetries(connectRetries)
                    .load()
                    .migrate();
            LOG.info(() -> "database schema at version " + result.targetSchemaVersion
                    + " (" + result.migrationsExecuted + " migrations applied now)");
        } catch (FlywayException e) {
            throw StartupChecks.refuse("cannot migrate the database behind jdbc/taskmanager: " + rootMessage(e)
                    + (System.getenv("DB_HOST") == null
                        ? " (DB_HOST is not set; the bundled server configuration reads DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD)"
                        : ""));
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
