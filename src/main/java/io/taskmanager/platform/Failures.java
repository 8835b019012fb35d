package io.taskmanager.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;

/** Reads a cause chain: containers wrap what they throw (EJBException, PersistenceException, ...). */
public final class Failures {

    private static final int MAX_DEPTH = 32;

    private Failures() {
    }

    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return null;
    }

    /** The SQLState of the first SQLException in the chain, or null. */
    public static String sqlState(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return null;
    }

    /**
     * True when the chain says the database could not be reached (connection refused or lost,
     * pool unable to hand out a connection, a commit failed by its resource), as opposed to a
     * bug in a query.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        String state = sqlState(failure);
        // 08: the connection; 57P01/57P03: the server shutting down or starting; 40001/40P01: a
        // serialization failure or a deadlock, which rolled the transaction back whole
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")
                || state.equals("40001") || state.equals("40P01"))) {
            return true;
        }
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof SQLTransientConnectionException || current instanceof SQLNonTransientConnectionException
                    || current instanceof java.net.ConnectException
                    // a commit the transaction manager could not complete because its connection
                    // died under it (Payara wraps PostgreSQL's "terminating connection" this way,
                    // without the SQLException): the transaction did not commit, a retry is safe
                    || current instanceof jakarta.transaction.SystemException
                    || current instanceof javax.transaction.xa.XAException
                    || current.getClass().getName().equals("jakarta.resource.spi.ResourceAllocationException")
                    || current.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")
                    || current.getClass().getName().equals("com.sun.appserv.connectors.internal.api.PoolingException")
                    || raisedWhileAllocatingAConnection(current)) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }

    /**
     * Thrown inside the server's JCA connection manager while it was handing out a connection,
     * whatever its type: the pool's own faults when connections die, such as Payara's
     * IllegalStateException "Task already scheduled or cancelled" when two requests fail all
     * connections at once. No application code runs inside that call.
     */
    private static boolean raisedWhileAllocatingAConnection(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if ("allocateConnection".equals(frame.getMethodName()) && frame.getClassName().contains("ConnectionManager")) {
                return true;
            }
        }
        return false;
    }
}
