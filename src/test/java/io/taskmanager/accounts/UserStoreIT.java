package io.taskmanager.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.accounts.control.UserStore;
import io.taskmanager.accounts.entity.UserAccount;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs inside Payara Micro against the Flyway-migrated schema: the store and the database's own rules. */
@ExtendWith(ArquillianExtension.class)
class UserStoreIT {

    @Deployment
    static WebArchive deployment() {
        // the WAR the build produced, plus this class
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/task-manager.war"))
                .addClass(UserStoreIT.class);
    }

    @Inject
    UserStore store;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = "jdbc/taskmanager")
    DataSource dataSource;

    @Test
    void flywayMigratedTheSchemaAtDeployment() throws Exception {
        try (Connection connection = dataSource.getConnection();
             ResultSet versions = connection.createStatement().executeQuery(
                     "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            assertTrue(versions.next());
            assertEquals("1", versions.getString(1));
        }
    }

    @Test
    void findsUsersByUsernameAndEmailWithoutRegardToCase() throws Exception {
        String name = "Store" + UUID.randomUUID().toString().substring(0, 8);
        transaction.begin();
        long id = store.insert(new UserAccount(name, name + "@Example.com", "$2a$04$hash")).getId();
        transaction.commit();

        assertEquals(id, store.findByUsername(name.toLowerCase()).orElseThrow().getId());
        assertEquals(id, store.findByEmail(name.toUpperCase() + "@EXAMPLE.COM").orElseThrow().getId());
        assertEquals(name, store.findById(id).orElseThrow().getUsername());
    }

    @Test
    void theDatabaseRefusesAUsernameThatDiffersOnlyInCase() throws Exception {
        String name = "Case" + UUID.randomUUID().toString().substring(0, 8);
        transaction.begin();
        store.insert(new UserAccount(name, name + "@example.com", "$2a$04$hash"));
        transaction.commit();

        transaction.begin();
        try {
            assertThrows(PersistenceException.class,
                    () -> store.insert(new UserAccount(name.toUpperCase(), "other-" + name + "@example.com", "$2a$04$hash")));
        } finally {
            transaction.rollback();
        }
    }

    @Test
    void theDatabaseRefusesAnEmailThatDiffersOnlyInCase() throws Exception {
        String name = "Mail" + UUID.randomUUID().toString().substring(0, 8);
        transaction.begin();
        store.insert(new UserAccount(name, name + "@example.com", "$2a$04$hash"));
        transaction.commit();

        transaction.begin();
        try {
            assertThrows(PersistenceException.class,
                    () -> store.insert(new UserAccount("x" + name, name.toUpperCase() + "@EXAMPLE.COM", "$2a$04$hash")));
        } finally {
            transaction.rollback();
        }
    }
}
