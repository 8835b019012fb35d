package io.taskmanager.platform;

/**
 * Fired once while the application deploys, before the schema is migrated: each part that
 * needs settings observes it, checks its own and refuses the start with
 * {@link StartupChecks#refuse}. Observers run in their {@code @Priority} order, so the first
 * missing setting named is always the same one.
 */
public record StartupCheck() {
}
