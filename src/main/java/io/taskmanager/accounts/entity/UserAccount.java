package io.taskmanager.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A person who can log in. Username and email are unique regardless of case (database indexes on lower()). */
@Entity
@Table(name = "users")
@NamedQuery(name = UserAccount.BY_USERNAME, query = "select u from UserAccount u where lower(u.username) = lower(:username)")
@NamedQuery(name = UserAccount.BY_EMAIL, query = "select u from UserAccount u where lower(u.email) = lower(:email)")
public class UserAccount {

    public static final String BY_USERNAME = "UserAccount.byUsername";
    /** What a username is made of, as a regex character class body, and its length (V1's users_username_format). */
    public static final String USERNAME_CHARACTERS = "A-Za-z0-9_.-";
    public static final int MIN_USERNAME = 3;
    public static final int MAX_USERNAME = 20;
    public static final String BY_EMAIL = "UserAccount.byEmail";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 20)
    private String username;

    /** None for an account the identity provider created without an address (or with one another account has). */
    @Column(length = 254)
    private String email;

    /** None for an account the identity provider created: it signs in only with the provider's tokens. */
    @Column(name = "password_hash", length = 60)
    private String passwordHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Raised by every password change; access tokens issued under a lower one are void. */
    @Column(name = "password_version", nullable = false)
    private int passwordVersion;

    /** Whether a code mailed to the address came back (EmailVerifications). */
    @Column(name = "email_verified", nullable = false)
    private boolean emailVerified;

    /** Granted and withdrawn only by AdministratorGrants at start-up, never through this entity. */
    @Column(name = "administrator", nullable = false, insertable = false, updatable = false)
    private boolean administrator;

    @Version
    private long version;

    protected UserAccount() {
    }

    public UserAccount(String username, String email, String passwordHash) {
        this.username = username;
        this.email = email;
        this.passwordHash = passwordHash;
        // PostgreSQL keeps microseconds; truncating here keeps the entity equal to its row
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getEmail() {
        return email;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    /** False for an account the identity provider created: no password of it can match. */
    public boolean hasPassword() {
        return passwordHash != null;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public boolean isEmailVerified() {
        return emailVerified;
    }

    /** The address a mailed code came back from: now the account's, and proven. */
    public void verifiedEmail(String provenEmail) {
        this.email = provenEmail;
        this.emailVerified = true;
        this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public boolean isAdministrator() {
        return administrator;
    }

    public int getPasswordVersion() {
        return passwordVersion;
    }

    /**
     * Replaces the password by its holder's own choice: tokens stay valid, since the holder's
     * session lives on and the caller ends the others (Sessions).
     */
    public void replacePassword(String newPasswordHash) {
        this.passwordHash = newPasswordHash;
        this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Replaces the password and voids every access token issued before. */
    public void changePassword(String newPasswordHash) {
        this.passwordHash = newPasswordHash;
        this.passwordVersion++;
        this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
