package io.taskmanager.operations.boundary;

import io.taskmanager.TaskManagerApplication;
import io.taskmanager.platform.ObservedRequest;
import io.taskmanager.operations.control.RequestLog;
import io.taskmanager.operations.control.ServiceMetrics;
import io.taskmanager.protection.control.ClientAddresses;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Observes every request the application answers, outermost of its filters (web.xml orders
 * it first): its duration, route template and status go to /metrics, and one line to the
 * request log. An error answered by the error page (a servlet's sendError or a failure) is
 * observed on that ERROR dispatch,
 * when its status and instance id are final.
 */
@WebFilter(filterName = "RequestObserver", urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class RequestObserver extends HttpFilter {

    static final String ATTRIBUTE = ObservedRequest.class.getName();
    /** Requests that reached the API but no route: refused before routing, or no route matched. */
    static final String API_UNROUTED = TaskManagerApplication.PATH + "/*";
    /** Requests the container's default servlet took: static files (the API page), or a path nothing serves. */
    static final String STATIC = "static";

    @Inject
    ServiceMetrics metrics;

    @Inject
    ClientAddresses clientAddresses;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            ObservedRequest observed = request.getAttribute(ATTRIBUTE) instanceof ObservedRequest earlier
                    ? earlier : new ObservedRequest(System.nanoTime(), routeOfRejected(request));
            try (ObservedRequest.Scope scope = observed.enter()) {
                chain.doFilter(request, response);
            } finally {
                finish(observed, request, response);
            }
            return;
        }
        ObservedRequest observed = new ObservedRequest(System.nanoTime(), route(request.getHttpServletMapping()));
        request.setAttribute(ATTRIBUTE, observed);
        ErrorPageWatch watched = new ErrorPageWatch(response);
        boolean failed = true;
        try (ObservedRequest.Scope scope = observed.enter()) {
            chain.doFilter(request, watched);
            failed = false;
        } finally {
            // a failure or a sendError goes on to the error page, which is observed there
            if (!failed && !watched.errorSent) {
                finish(observed, request, response);
            }
        }
    }

    private void finish(ObservedRequest observed, HttpServletRequest request, HttpServletResponse response) {
        long nanos = System.nanoTime() - observed.startNanos();
        int status = response.getStatus();
        metrics.request(request.getMethod(), observed.route(), status, nanos);
        RequestLog.write(request.getMethod(), observed.route(), status, nanos, observed.userId(), clientAddresses.of(request),
                observed.errorCode(), observed.instance());
    }

    /** The servlet mapping that took the request: a fixed path, the API's, or the container's default. */
    private static String route(HttpServletMapping mapping) {
        return switch (mapping.getMappingMatch()) {
            case EXACT, PATH -> mapping.getPattern().equals(API_UNROUTED) ? API_UNROUTED : mapping.getPattern();
            default -> STATIC;
        };
    }

    /** A request refused before any filter saw it: only its path is known. */
    private static String routeOfRejected(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString().substring(request.getContextPath().length());
        return path.equals(TaskManagerApplication.PATH) || path.startsWith(TaskManagerApplication.PATH + "/") ? API_UNROUTED : STATIC;
    }

    /** Tells whether the chain handed the response to the error page. */
    private static final class ErrorPageWatch extends HttpServletResponseWrapper {

        private boolean errorSent;

        ErrorPageWatch(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            errorSent = true;
            super.sendError(status, message);
        }

        @Override
        public void sendError(int status) throws IOException {
            errorSent = true;
            super.sendError(status);
        }
    }
}
