package io.taskmanager.accounts.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes an account whose address is not verified may not use when
 * {@code taskmanager.signup.require-verified-email} is true: 403 EMAIL_NOT_VERIFIED
 * (AccessTokenCheck). Logging in, verifying and the account's own routes stay open.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresVerifiedEmail {
}
