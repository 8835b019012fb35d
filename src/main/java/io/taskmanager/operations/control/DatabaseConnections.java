package io.taskmanager.operations.control;

import io.taskmanager.platform.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The connection pool's use as PostgreSQL sees it: this host's Task Manager connections to
 * this database (the pools set application_name) by state, read once per scrape. Each server keeps its
 * pool statistics its own way; the database's view is the same on all of them.
 */
@ApplicationScoped
public class DatabaseConnections {

    private static final Logger LOG = Logger.getLogger(DatabaseConnections.class.getName());

    private static final String BY_STATE = """
            SELECT state, count(*) FROM pg_stat_activity
            WHERE application_name = current_setting('application_name')
              AND datname = current_database()
              AND client_addr IS NOT DISTINCT FROM inet_client_addr()
              AND pid <> pg_backend_pid()
            GROUP BY state""";

    public enum State { ACTIVE, IDLE, IDLE_IN_TRANSACTION, OTHER }

    @Inject
    DatabaseProbe database;

    @Inject
    ServiceMetrics metrics;

    private volatile Map<State, Long> counts = new EnumMap<>(State.class);
    private volatile boolean reachable = true;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (State state : State.values()) {
            metrics.gauge("taskmanager.database.connections",
                    "Connections of this host's instances by PostgreSQL state (active: running a statement), without the scrape's own",
                    () -> counts.getOrDefault(state, 0L), "state", state.name().toLowerCase(Locale.ROOT));
        }
        metrics.gauge("taskmanager.database.reachable", "1 when the last scrape could query the database, else 0",
                () -> reachable ? 1 : 0);
    }

    /** Reads the counts for the scrape about to be written. */
    public void refresh() {
        try {
            counts = database.read(connection -> {
                Map<State, Long> read = new EnumMap<>(State.class);
                try (PreparedStatement statement = connection.prepareStatement(BY_STATE)) {
                    statement.setQueryTimeout(2);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            read.merge(state(rows.getString(1)), rows.getLong(2), Long::sum);
                        }
                    }
                }
                return read;
            });
            reachable = true;
        } catch (SQLException | RuntimeException e) {
            if (reachable) {
                // once per outage, not once per scrape; readiness says the same in more detail
                LOG.warning(() -> "database connection metrics unavailable: " + e);
            }
            counts = new EnumMap<>(State.class);
            reachable = false;
        }
    }

    private static State state(String state) {
        if (state == null) {
            return State.OTHER;
        }
        return switch (state) {
            case "active" -> State.ACTIVE;
            case "idle" -> State.IDLE;
            case "idle in transaction", "idle in transaction (aborted)" -> State.IDLE_IN_TRANSACTION;
            default -> State.OTHER;
        };
    }
}
