package io.taskmanager.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code X-Content-Type-Options: nosniff} on every response the WAR gives, whichever servlet
 * writes it (JAX-RS, the static /docs files, health, metrics, the OpenAPI document, the error
 * page, the method allow-list's 405), on every server; web.xml maps it before them all and for
 * the error dispatch too, because a container may reset the headers before its error page runs.
 */
@WebFilter(filterName = "NoSniffHeader", urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class NoSniffHeader extends HttpFilter {

    public static final String NAME = "X-Content-Type-Options";
    public static final String VALUE = "nosniff";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(NAME, VALUE);
        chain.doFilter(request, response);
    }
}
