package io.taskmanager.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnexpectedExceptionMapperTest {

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(ErrorResponses.class.getName());

    @BeforeEach
    void capture() {
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    @Test
    void a500CarriesNoInternalsButTheLogHasTheStackUnderTheInstanceId() {
        IllegalStateException bug = new IllegalStateException("SELECT secret FROM users in org.example.Secret");

        Response response = new UnexpectedExceptionMapper().toResponse(bug);

        assertEquals(500, response.getStatus());
        String body = (String) response.getEntity();
        assertFalse(body.contains("SELECT") || body.contains("IllegalStateException") || body.contains("org.example"), body);
        assertTrue(body.contains("\"code\":\"INTERNAL_ERROR\""), body);
        String instance = body.replaceAll(".*\"instance\":\"([^\"]+)\".*", "$1");
        LogRecord record = logged.get(logged.size() - 1);
        assertTrue(record.getMessage().contains(instance), record.getMessage());
        assertEquals(bug, record.getThrown());
    }

    @Test
    void anUnreachableDatabaseIs503() {
        Exception wrapped = new RuntimeException(new SQLException("Connection refused", "08001", new ConnectException()));

        Response response = new UnexpectedExceptionMapper().toResponse(wrapped);

        assertEquals(503, response.getStatus());
        assertTrue(((String) response.getEntity()).contains("SERVICE_UNAVAILABLE"));
        assertEquals("5", response.getHeaderString("Retry-After"));
    }

    @Test
    void aCommitFailedByItsDyingConnectionIs503() {
        // what Payara threw in DatabaseOutageIT when PostgreSQL stopped during a commit
        javax.transaction.xa.XAException resource = new javax.transaction.xa.XAException(
                "jakarta.resource.spi.LocalTransactionException: FATAL: terminating connection due to administrator command");
        Exception commit = new jakarta.transaction.SystemException();
        commit.initCause(resource);

        Response response = new UnexpectedExceptionMapper().toResponse(new RuntimeException(commit));

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
    }

    @Test
    void aTransactionalBeansFailedCommitIs503AndLogged() {
        // the same commit failure, as a CDI @Transactional bean's interceptor throws it
        Exception commit = new jakarta.transaction.SystemException();
        commit.initCause(new javax.transaction.xa.XAException("terminating connection due to administrator command"));
        jakarta.transaction.TransactionalException failure = new jakarta.transaction.TransactionalException(
                "encountered exception during commit", commit);

        Response response = new TransactionFailureMapper().toResponse(failure);

        assertEquals(503, response.getStatus());
        assertTrue(((String) response.getEntity()).contains("SERVICE_UNAVAILABLE"));
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertEquals(failure, logged.get(logged.size() - 1).getThrown());
    }

    @Test
    void aFaultOfTheConnectionPoolWhileHandingOutAConnectionIs503() {
        // what Payara's pool threw in DatabaseOutageIT when two requests failed all connections at once
        IllegalStateException pool = new IllegalStateException("Task already scheduled or cancelled");
        pool.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("com.sun.enterprise.connectors.util.ConnectorTimerProxy", "scheduleAtFixedRate", "ConnectorTimerProxy.java", 113),
                new StackTraceElement("com.sun.enterprise.resource.pool.ConnectionPool", "getResource", "ConnectionPool.java", 388),
                new StackTraceElement("com.sun.enterprise.connectors.ConnectionManagerImpl", "allocateConnection", "ConnectionManagerImpl.java", 196),
                new StackTraceElement("com.sun.gjc.spi.base.AbstractDataSource", "getConnection", "AbstractDataSource.java", 113)});

        Response response = new UnexpectedExceptionMapper().toResponse(pool);

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
    }

    @Test
    void theSameFaultOutsideTheConnectionPoolIs500() {
        IllegalStateException bug = new IllegalStateException("Task already scheduled or cancelled");
        bug.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.taskmanager.tasks.control.TaskService", "create", "TaskService.java", 61)});

        assertEquals(500, new UnexpectedExceptionMapper().toResponse(bug).getStatus());
    }

    @Test
    void anApiExceptionWrappedByTheContainerKeepsItsStatus() {
        Response response = new UnexpectedExceptionMapper().toResponse(
                new RuntimeException(new ApiException(ErrorCode.CONFLICT, "busy")));
        assertEquals(409, response.getStatus());
    }
}
