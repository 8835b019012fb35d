package io.taskmanager.accounts.control;

import io.taskmanager.accounts.entity.UserAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Users in PostgreSQL. Runs in the caller's transaction. */
@ApplicationScoped
public class UserStore {

    @PersistenceContext(unitName = "taskmanager")
    EntityManager em;

    /** Inserts at once, so a uniqueness violation surfaces here rather than at commit. */
    public UserAccount insert(UserAccount user) {
        em.persist(user);
        em.flush();
        return user;
    }

    public Optional<UserAccount> findById(long id) {
        return Optional.ofNullable(em.find(UserAccount.class, id));
    }

    public Optional<UserAccount> findByUsername(String username) {
        return em.createNamedQuery(UserAccount.BY_USERNAME, UserAccount.class)
                .setParameter("username", username)
                .getResultList().stream().findFirst();
    }

    public Optional<UserAccount> findByEmail(String email) {
        return em.createNamedQuery(UserAccount.BY_EMAIL, UserAccount.class)
                .setParameter("email", email)
                .getResultList().stream().findFirst();
    }

    /** Deletes the account now; the database cascades the delete to every row of it. */
    public void remove(UserAccount user) {
        em.remove(user);
        em.flush();
    }

    /** Writes pending changes at once, so a uniqueness violation surfaces here rather than at commit. */
    public void flush() {
        em.flush();
    }

    /** Serialises requests that change one account (its row stays locked until commit). */
    public void lock(long userId) {
        em.createNativeQuery("SELECT id FROM users WHERE id = ?1 FOR UPDATE").setParameter(1, userId).getResultList();
    }
}
