package io.taskmanager.protection.boundary;

import io.taskmanager.platform.RequestFilters;
import io.github.bucket4j.ConsumptionProbe;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.protection.control.Buckets;
import io.taskmanager.protection.control.IpBans;
import io.taskmanager.protection.control.ProtectionEvents;
import io.taskmanager.protection.control.RateLimitPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets per client address and route, or per account, as each route declares with
 * {@link RateLimited}.
 * Runs after the token and role checks, so a token that fails spends no user's budget, and
 * before the body is read and any service runs.
 * Every answer on a limited route carries RateLimit-Policy and RateLimit (IETF draft);
 * a request over the limit is 429 with Retry-After.
 */
@Provider
@ApplicationScoped
@Priority(RequestFilters.RATE_LIMIT)
public class RateLimiter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String POLICY = "taskmanager.rate-limit.policy";
    private static final String STATE = "taskmanager.rate-limit.state";

    @Inject
    Buckets buckets;

    @Inject
    IpBans bans;

    @Inject
    Event<ProtectionEvents.RateLimitRejected> rejected;

    @Inject
    @ConfigProperty(name = "taskmanager.ratelimit.auth.per-minute", defaultValue = "10")
    long authPerMinute;

    @Inject
    @ConfigProperty(name = "taskmanager.ratelimit.user.per-minute", defaultValue = "100")
    long userPerMinute;

    @Context
    ResourceInfo resource;

    private RateLimitPolicy auth;
    private RateLimitPolicy tasks;

    @PostConstruct
    void policies() {
        auth = new RateLimitPolicy("auth", authPerMinute, Duration.ofMinutes(1));
        tasks = new RateLimitPolicy("tasks", userPerMinute, Duration.ofMinutes(1));
    }

    /** Each resource method's budget, read once from its annotations. */
    private final ConcurrentMap<Method, Optional<RateLimited.Budget>> budgets = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Optional<RateLimited.Budget> budget = budgets.computeIfAbsent(method, m -> budgetOf(m, resource.getResourceClass()));
        if (budget.isEmpty()) {
            return;
        }
        switch (budget.get()) {
            case PER_CLIENT_AND_ROUTE -> charge(request, auth, "auth:" + method.getName() + ":" + ClientAddress.of(request));
            case PER_ACCOUNT -> {
                Principal user = request.getSecurityContext().getUserPrincipal();
                if (user != null) {
                    charge(request, tasks, "tasks:" + user.getName());
                }
            }
        }
    }

    private static Optional<RateLimited.Budget> budgetOf(Method method, Class<?> resourceClass) {
        RateLimited declared = method.getAnnotation(RateLimited.class);
        if (declared == null && resourceClass != null) {
            declared = resourceClass.getAnnotation(RateLimited.class);
        }
        return Optional.ofNullable(declared).map(RateLimited::value);
    }

    /**
     * Takes one request from the bucket {@code key}; when it is empty, records the rejection
     * towards a ban and refuses the request with 429. Either way the answer will say the limit.
     */
    public void charge(ContainerRequestContext request, RateLimitPolicy policy, String key) {
        ConsumptionProbe probe = buckets.take(key, policy);
        String state = "\"" + policy.name() + "\";r=" + probe.getRemainingTokens() + ";t=" + seconds(probe.getNanosToWaitForReset());
        request.setProperty(POLICY, policy.header());
        request.setProperty(STATE, state);
        if (!probe.isConsumed()) {
            rejected.fire(new ProtectionEvents.RateLimitRejected(policy.name()));
            bans.recordRejection(ClientAddress.of(request), policy.name());
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many requests",
                    "The " + policy.name() + " limit is " + policy.quota() + " requests per " + policy.window().toSeconds() + " seconds",
                    null, Map.of("Retry-After", Long.toString(seconds(probe.getNanosToWaitForRefill())),
                            "RateLimit-Policy", policy.header(), "RateLimit", state));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object policy = request.getProperty(POLICY);
        if (policy != null && !response.getHeaders().containsKey("RateLimit-Policy")) {
            response.getHeaders().putSingle("RateLimit-Policy", policy);
            response.getHeaders().putSingle("RateLimit", request.getProperty(STATE));
        }
    }

    /** Whole seconds, rounded up, never 0 for a wait that is still ahead. */
    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }
}
