package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.platform.StartupChecks;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Makes administrators of the accounts the operator names in {@code taskmanager.admin.usernames},
 * at start-up, and records it on the account. A name grants only an account that already
 * existed the first time a start saw the name listed, so whoever signs up with a listed name
 * afterwards gets nothing; a name taken off the list takes the right away at the next start.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
public class AdministratorGrants {

    private static final Logger LOG = Logger.getLogger(AdministratorGrants.class.getName());
    static final String SETTING = "taskmanager.admin.usernames";
    private static final Pattern USERNAME = Pattern.compile(
            "[" + UserAccount.USERNAME_CHARACTERS + "]{" + UserAccount.MIN_USERNAME + "," + UserAccount.MAX_USERNAME + "}");
    private static final String GRANTED = """
            EXISTS (SELECT 1 FROM administrator_listings l
                    WHERE l.username_key = lower(u.username) AND u.created_at <= l.listed_at)""";

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    @Inject
    Config config;

    @PostConstruct
    void apply() {
        String listed = listedNames();
        em.createNativeQuery("DELETE FROM administrator_listings WHERE NOT (username_key = ANY (string_to_array(?1, ',')))")
                .setParameter(1, listed)
                .executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO administrator_listings (username_key)
                        SELECT unnest(string_to_array(?1, ',')) ON CONFLICT (username_key) DO NOTHING""")
                .setParameter(1, listed)
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<Change> changes = em.createNativeQuery("SELECT u.id, u.username, " + GRANTED + " AS granted FROM users u WHERE u.administrator <> " + GRANTED,
                        "AdministratorGrants.Change")
                .getResultList();
        em.createNativeQuery("UPDATE users u SET administrator = " + GRANTED + " WHERE u.administrator <> " + GRANTED)
                .executeUpdate();
        for (Change change : changes) {
            String verb = change.granted() ? "granted to" : "withdrawn from";
            LOG.info(() -> "administrator rights " + verb + " user_id=" + change.id() + " username=" + change.username());
        }
        @SuppressWarnings("unchecked")
        List<String> ungranted = em.createNativeQuery("""
                        SELECT l.username_key FROM administrator_listings l
                        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.username) = l.username_key AND u.administrator)
                        ORDER BY l.username_key""")
                .getResultList();
        for (String name : ungranted) {
            LOG.warning(() -> SETTING + " names " + name + ", which was no account when a start first saw it listed:"
                    + " not granted. Sign the account up, take the name off the list for one start, then list it again.");
        }
    }

    /** The listed names, lower-cased and comma-joined; a name no account could have refuses the start. */
    private String listedNames() {
        String setting = config.getOptionalValue(SETTING, String.class).orElse("");
        List<String> names = Arrays.stream(setting.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList();
        for (String name : names) {
            if (!USERNAME.matcher(name).matches()) {
                throw StartupChecks.refuse(SETTING + " (env TASKMANAGER_ADMIN_USERNAMES) lists '"
                        + name.replaceAll("[^\\x20-\\x7e]", "?") + "', which is no username (3-20 letters, digits, _ . -)");
            }
        }
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).distinct().collect(Collectors.joining(","));
    }

    /** An account whose administrator rights change at this start. */
    public record Change(long id, String username, boolean granted) {
    }
}
