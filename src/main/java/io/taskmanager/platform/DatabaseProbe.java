package io.taskmanager.platform;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC on the application's data source, for the readiness check and the pool metrics.
 * An EJB on purpose: WildFly resolves a CDI bean's data source reference to its default (H2)
 * data source, or not at all when the bean is called from its management thread, as health
 * checks are; an EJB invocation always runs in the application's naming context.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseProbe {

    @Resource(name = "jdbc/taskmanager")
    DataSource dataSource;

    @FunctionalInterface
    public interface Read<T> {
        T from(Connection connection) throws SQLException;
    }

    /** Whether a connection from the pool answers within {@code timeoutSeconds}. */
    public boolean answers(int timeoutSeconds) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(timeoutSeconds);
        }
    }

    /** Runs {@code read} on a pooled connection outside any transaction. */
    public <T> T read(Read<T> read) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return read.from(connection);
        }
    }
}
