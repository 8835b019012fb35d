/**
 * A user's tasks: create, read, change, delete, filter and page through them, within a quota.
 * Below only export in the dependency order (ArchitectureTest): uses accounts for the caller
 * (personal access tokens too), and only export uses it. {@code boundary} holds the JAX-RS resource and its request and response records,
 * {@code control} the transactional use cases and the store, {@code entity} the JPA entity.
 */
package io.taskmanager.tasks;
