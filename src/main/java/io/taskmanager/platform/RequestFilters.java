package io.taskmanager.platform;

import jakarta.ws.rs.Priorities;

/**
 * The order a request passes the application's filters, in one place. First the servlet
 * filters, in web.xml's order: RequestObserver (log and metrics, outermost, so it sees every
 * answer), NoSniffHeader, WholeBodyFirst (the whole body received, then admission),
 * MethodAllowList, EncodedDotSegments. Then JAX-RS, whose filters take these priorities
 * (lower first): before a route is matched the first five, after it the rest.
 */
public final class RequestFilters {

    /** errors.ProblemOnlyClients: a client that accepts only problem details gets its errors so. */
    public static final int PROBLEM_ONLY_CLIENTS = 1;
    /** protection ClientAddress: the client's address behind the trusted proxies, for all below. */
    public static final int CLIENT_ADDRESS = 100;
    /** protection BanCheck: a banned address goes no further. */
    public static final int BAN_CHECK = 105;
    /** protection RequestSizeLimit: a declared length over the limit is refused before reading. */
    public static final int REQUEST_SIZE_LIMIT = 110;
    /** accounts BearerAuthentication: the bearer token read, its signature and expiry checked. */
    public static final int BEARER_AUTHENTICATION = Priorities.AUTHENTICATION;

    /** operations RouteTemplates: the matched route's template noted for the log and metrics. */
    public static final int ROUTE_TEMPLATE = Priorities.AUTHENTICATION - 100;
    /** accounts LocalPasswordsSwitch: with local passwords turned off, their routes answer 403 and count nothing. */
    public static final int LOCAL_PASSWORDS = Priorities.AUTHORIZATION - 4;
    /** protection AnonymousRateLimit: calls without an access token to protected routes, per client. */
    public static final int ANONYMOUS_RATE_LIMIT = Priorities.AUTHORIZATION - 3;
    /** accounts AccessTokenCheck: the token still speaks for its account (revocation, password version). */
    public static final int ACCESS_TOKEN_CHECK = Priorities.AUTHORIZATION - 2;
    /** protection RoleCheck: the route's role (401 without a caller, 403 without the role). */
    public static final int ROLE_CHECK = Priorities.AUTHORIZATION - 1;
    /** protection RateLimiter: the route's own budget, so a refused token spends none of it. */
    public static final int RATE_LIMIT = Priorities.AUTHORIZATION;
    /** accounts StepTokenCheck: the password-reset steps' own short-lived tokens. */
    public static final int STEP_TOKEN_CHECK = Priorities.AUTHORIZATION + 50;

    private RequestFilters() {
    }
}
