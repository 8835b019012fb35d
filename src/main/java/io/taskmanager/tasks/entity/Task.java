package io.taskmanager.tasks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Something one user means to do. The owner is kept as a plain id: every query names it,
 * and nothing here ever needs the owner's account loaded.
 */
@Entity
@Table(name = "tasks")
public class Task {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private long userId;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(nullable = false)
    private String description;

    @Column(nullable = false)
    private boolean completion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 6)
    private Priority priority;

    @Column(name = "due_date")
    private Instant dueDate;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Task() {
    }

    public Task(long userId, String title, String description, boolean completion, Priority priority, Instant dueDate) {
        this.userId = userId;
        this.title = title;
        this.description = description;
        this.completion = completion;
        this.priority = priority;
        this.dueDate = dueDate;
        // whole seconds, as shown, so the created_at filters match what clients see
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        this.updatedAt = createdAt;
    }

    /** Applies the changes that differ from the current state; true when anything changed. */
    public boolean apply(TaskChanges changes) {
        boolean changed = false;
        if (changes.title() != null && !changes.title().equals(title)) {
            title = changes.title();
            changed = true;
        }
        if (changes.description() != null && !changes.description().equals(description)) {
            description = changes.description();
            changed = true;
        }
        if (changes.completion() != null && changes.completion() != completion) {
            completion = changes.completion();
            changed = true;
        }
        if (changes.priority() != null && changes.priority() != priority) {
            priority = changes.priority();
            changed = true;
        }
        if (changes.changesDueDate() && !Objects.equals(changes.dueDate(), dueDate)) {
            dueDate = changes.dueDate();
            changed = true;
        }
        if (changed) {
            updatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }
        return changed;
    }

    public Long getId() {
        return id;
    }

    public long getUserId() {
        return userId;
    }

    public String getTitle() {
        return title;
    }

    public String getDescription() {
        return description;
    }

    public boolean isCompletion() {
        return completion;
    }

    public Priority getPriority() {
        return priority;
    }

    public Instant getDueDate() {
        return dueDate;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
