package io.taskmanager.protection.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.protection.boundary.RoleCheck;
import io.taskmanager.protection.control.RateLimitPolicy;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests to a protected route without an access token (none, garbage, forged, expired, or
 * of another kind) are limited per client ({@code taskmanager.ratelimit.anonymous.per-minute}),
 * and their rejections count towards a ban like any other: a client cannot try tokens, or
 * knock on protected routes, without limit. They never touch the account's own budget, which
 * is charged only once the token has been checked against its account.
 */
@Provider
public class AnonymousRateLimit implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        if (RoleCheck.requiredRoles(resourceInfo).isPresent()) {
            context.register(new Filter());
        }
    }

    // before the token check (AUTHORIZATION - 2), which turns such a request away with 401
    @Priority(RequestFilters.ANONYMOUS_RATE_LIMIT)
    static final class Filter implements ContainerRequestFilter {

        private volatile RateLimiter limiter;
        private volatile RateLimitPolicy anonymous;

        @Override
        public void filter(ContainerRequestContext request) {
            if (request.getSecurityContext().getUserPrincipal() != null) {
                return;
            }
            if (anonymous == null) {
                limiter = CDI.current().select(RateLimiter.class).get();
                anonymous = new RateLimitPolicy("anonymous", ConfigProvider.getConfig()
                        .getOptionalValue("taskmanager.ratelimit.anonymous.per-minute", Long.class).orElse(60L), Duration.ofMinutes(1));
            }
            limiter.charge(request, anonymous, "anonymous:" + ClientAddress.of(request));
        }
    }
}
