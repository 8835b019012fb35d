package io.taskmanager.platform;

import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.util.List;
import org.hibernate.engine.jndi.JndiException;
import org.hibernate.engine.transaction.jta.platform.internal.AbstractJtaPlatform;
import org.hibernate.engine.transaction.jta.platform.internal.JtaSynchronizationStrategy;
import org.hibernate.engine.transaction.jta.platform.internal.SynchronizationRegistryBasedSynchronizationStrategy;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformException;

/**
 * Hibernate's bridge to the server's transactions, for the Hibernate packed in this WAR.
 * Payara does not announce its transaction manager to Hibernate, and each of Hibernate's
 * own platforms knows one server; this one finds Payara's or WildFly's and registers
 * synchronisations through the standard TransactionSynchronizationRegistry.
 */
public class ServerJtaPlatform extends AbstractJtaPlatform {

    private static final List<String> TRANSACTION_MANAGER_NAMES = List.of(
            "java:appserver/TransactionManager",   // Payara, GlassFish
            "java:jboss/TransactionManager",       // WildFly
            "java:/TransactionManager");

    @Override
    protected TransactionManager locateTransactionManager() {
        for (String name : TRANSACTION_MANAGER_NAMES) {
            try {
                return (TransactionManager) jndiService().locate(name);
            } catch (JndiException notHere) {
                // next server's name
            }
        }
        throw new JtaPlatformException("no TransactionManager under " + TRANSACTION_MANAGER_NAMES);
    }

    @Override
    protected UserTransaction locateUserTransaction() {
        return (UserTransaction) jndiService().locate("java:comp/UserTransaction");
    }

    private volatile TransactionSynchronizationRegistry synchronizationRegistry;

    @Override
    protected JtaSynchronizationStrategy getSynchronizationStrategy() {
        return new SynchronizationRegistryBasedSynchronizationStrategy(this::synchronizationRegistry);
    }

    /**
     * Hibernate asks for the registry on every query; a JNDI look-up each time cost 3% of a
     * request's CPU. The registry is one server-wide object, so the first answer is kept.
     */
    private TransactionSynchronizationRegistry synchronizationRegistry() {
        TransactionSynchronizationRegistry registry = synchronizationRegistry;
        if (registry == null) {
            registry = (TransactionSynchronizationRegistry) jndiService().locate("java:comp/TransactionSynchronizationRegistry");
            synchronizationRegistry = registry;
        }
        return registry;
    }
}
