package io.taskmanager.accounts.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route that signs in or recovers with this service's own passwords (signup, login, the
 * three reset steps): 403 when {@code taskmanager.oidc.local-login=false} leaves signing in to
 * the organisation's identity provider. Sessions already started may still refresh until they
 * end, as the contract turns off only signup, login and the reset.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LocalPasswords {
}
