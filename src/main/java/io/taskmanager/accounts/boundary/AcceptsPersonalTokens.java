package io.taskmanager.accounts.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource whose routes a personal access token may call, within its scopes: reads need
 * {@code tasks:read}, everything else {@code tasks:write} (AccessTokenCheck). Everywhere
 * else such a token is 401, as no token is.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AcceptsPersonalTokens {
}
