package io.taskmanager.platform;

import java.util.Optional;

/**
 * What the request log and the request metrics learn about one request while it runs: its
 * route template once JAX-RS has matched one, the account its access token speaks for, and
 * the error it was answered with. Errors
 * are built by static code deep in the request's thread, so the request being observed is
 * found through a thread-local that the observing filter sets and clears around the chain.
 */
public final class ObservedRequest {

    private static final ThreadLocal<ObservedRequest> CURRENT = new ThreadLocal<>();

    private final long startNanos;
    private volatile String route;
    private volatile String userId;
    private volatile String errorCode;
    private volatile String instance;

    public ObservedRequest(long startNanos, String route) {
        this.startNanos = startNanos;
        this.route = route;
    }

    public static Optional<ObservedRequest> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Makes this the current request on this thread until the returned scope closes. */
    public Scope enter() {
        ObservedRequest outer = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /** Records the error this request is answered with; the envelope's instance id goes into its log line. */
    public static void noteError(String code, String instance) {
        ObservedRequest request = CURRENT.get();
        if (request != null) {
            request.errorCode = code;
            request.instance = instance;
        }
    }

    /** Records the account a verified access token speaks for. */
    public static void noteUser(String userId) {
        ObservedRequest request = CURRENT.get();
        if (request != null) {
            request.userId = userId;
        }
    }

    public String userId() {
        return userId;
    }

    public void route(String template) {
        route = template;
    }

    public long startNanos() {
        return startNanos;
    }

    public String route() {
        return route;
    }

    public String errorCode() {
        return errorCode;
    }

    public String instance() {
        return instance;
    }

    /** The span of a request on its thread. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
