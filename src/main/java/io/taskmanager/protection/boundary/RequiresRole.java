package io.taskmanager.protection.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource (or method) that needs an access token whose groups hold one of these roles
 * (RoleCheck: 401 without one, 403 without the role). Not {@code @RolesAllowed}: servers
 * enforce that one themselves against their own notion of the caller, which the application's
 * bearer tokens are not, and each differently.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {

    /** Names from {@link io.taskmanager.platform.Roles}. */
    String[] value();
}
