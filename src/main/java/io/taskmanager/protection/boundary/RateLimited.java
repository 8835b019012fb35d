package io.taskmanager.protection.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rate limit a resource's routes are charged to ({@link RateLimiter}), declared where the
 * routes are; the method's annotation wins over its class's. Without one, a route is limited
 * only as an anonymous call to a protected route ({@link AnonymousRateLimit}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {

    Budget value();

    enum Budget {
        /**
         * The "auth" policy: a bucket per client address and route
         * ({@code taskmanager.ratelimit.auth.per-minute}), for routes called before the caller has a token.
         */
        PER_CLIENT_AND_ROUTE,
        /**
         * The "tasks" policy: a bucket per account ({@code taskmanager.ratelimit.user.per-minute}),
         * charged once the token has been checked; a call without one is not charged here.
         */
        PER_ACCOUNT
    }
}
