package io.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.accounts.control.UserStore;
import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.tasks.control.TaskFilter;
import io.taskmanager.tasks.control.TaskStore;
import io.taskmanager.tasks.entity.Priority;
import io.taskmanager.tasks.entity.Task;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stores inside Payara Micro (Arquillian) against the Flyway-migrated schema: what the
 * database itself guarantees beneath the HTTP tests (unique names and addresses in any case,
 * the task count its triggers keep, literal LIKE patterns, the keyset walk). One class, so
 * one Payara boot.
 */
@ExtendWith(ArquillianExtension.class)
class StoresIT {

    @Deployment
    static WebArchive deployment() {
        // the WAR the build produced, plus this class
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/task-manager.war"))
                .addClass(StoresIT.class);
    }

    @Inject
    UserStore users;

    @Inject
    TaskStore tasks;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = "jdbc/taskmanager")
    DataSource dataSource;

    private long owner;
    private long neighbour;

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
        long id = users.insert(new UserAccount(name, name + "@Example.com", "$2a$04$hash")).getId();
        transaction.commit();

        assertEquals(id, users.findByUsername(name.toLowerCase()).orElseThrow().getId());
        assertEquals(id, users.findByEmail(name.toUpperCase() + "@EXAMPLE.COM").orElseThrow().getId());
        assertEquals(name, users.findById(id).orElseThrow().getUsername());
    }

    @Test
    void theDatabaseRefusesAUsernameThatDiffersOnlyInCase() throws Exception {
        String name = "Case" + UUID.randomUUID().toString().substring(0, 8);
        transaction.begin();
        users.insert(new UserAccount(name, name + "@example.com", "$2a$04$hash"));
        transaction.commit();

        transaction.begin();
        try {
            assertThrows(PersistenceException.class,
                    () -> users.insert(new UserAccount(name.toUpperCase(), "other-" + name + "@example.com", "$2a$04$hash")));
        } finally {
            transaction.rollback();
        }
    }

    @Test
    void theDatabaseRefusesAnEmailThatDiffersOnlyInCase() throws Exception {
        String name = "Mail" + UUID.randomUUID().toString().substring(0, 8);
        transaction.begin();
        users.insert(new UserAccount(name, name + "@example.com", "$2a$04$hash"));
        transaction.commit();

        transaction.begin();
        try {
            assertThrows(PersistenceException.class,
                    () -> users.insert(new UserAccount("x" + name, name.toUpperCase() + "@EXAMPLE.COM", "$2a$04$hash")));
        } finally {
            transaction.rollback();
        }
    }

    /** Two users with interleaved tasks, for the task store's tests. */
    private void twoUsersWithInterleavedTasks() throws Exception {
        transaction.begin();
        owner = newUser();
        neighbour = newUser();
        for (int i = 0; i < 7; i++) {
            tasks.insert(new Task(owner, "owned " + i, i == 3 ? "50% done_now" : "", i % 2 == 0, Priority.LOW, null));
            tasks.insert(new Task(neighbour, "other " + i, "50% done_now", true, Priority.LOW, null));
        }
        transaction.commit();
    }

    @Test
    void pagesWalkTheOwnersTasksInIdOrderAfterTheKey() throws Exception {
        twoUsersWithInterleavedTasks();
        List<Long> walked = new ArrayList<>();
        long after = 0;
        List<Task> page;
        do {
            page = tasks.page(owner, TaskFilter.NONE, after, 3);
            page.forEach(task -> assertEquals(owner, task.getUserId()));
            page.forEach(task -> walked.add(task.getId()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).getId();
        } while (page.size() == 3);

        assertEquals(7, walked.size());
        assertEquals(walked.stream().sorted().toList(), walked);
        assertEquals(List.of(), tasks.page(owner, TaskFilter.NONE, walked.get(6), 3));
    }

    @Test
    void filtersNarrowThePageAndLikeWildcardsAreLiteral() throws Exception {
        twoUsersWithInterleavedTasks();
        TaskFilter open = new TaskFilter(false, null, null, null, null, null, null, null);
        assertEquals(3, tasks.page(owner, open, 0, 100).size());

        TaskFilter percent = new TaskFilter(null, null, "50%", null, null, null, null, null);
        assertEquals(List.of("owned 3"), tasks.page(owner, percent, 0, 100).stream().map(Task::getTitle).toList());
        TaskFilter underscore = new TaskFilter(null, null, "E_N", null, null, null, null, null);
        assertEquals(List.of("owned 3"), tasks.page(owner, underscore, 0, 100).stream().map(Task::getTitle).toList());
        TaskFilter wildcard = new TaskFilter(null, null, "d%w", null, null, null, null, null);
        assertEquals(List.of(), tasks.page(owner, wildcard, 0, 100));
    }

    @Test
    void theDatabaseCountsEveryInsertAndDelete() throws Exception {
        twoUsersWithInterleavedTasks();
        transaction.begin();
        assertEquals(7, tasks.lockTaskCount(owner));
        transaction.commit();

        transaction.begin();
        assertEquals(7, tasks.removeAll(owner));
        assertEquals(0, tasks.lockTaskCount(owner));
        assertEquals(7, tasks.lockTaskCount(neighbour));
        transaction.commit();
    }

    private long newUser() {
        String name = "st" + UUID.randomUUID().toString().substring(0, 12);
        return users.insert(new UserAccount(name, name + "@example.com", "$2a$04$hash")).getId();
    }
}
