package io.taskmanager.protection.boundary;

import io.taskmanager.errors.ErrorCode;
import io.taskmanager.errors.ErrorPageServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Only the methods some route answers get past the container: TRACE (which the servlet API
 * answers by echoing the request's headers, bearer token included), WebDAV verbs and made-up
 * methods get a 405 in the envelope, on every path, before any servlet or JAX-RS runs.
 */
@WebFilter(filterName = "MethodAllowList", urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class MethodAllowList extends HttpFilter {

    static final List<String> ANSWERED = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (ANSWERED.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        // no route answers this method, so none of them is narrower than the service's whole set
        response.setHeader("Allow", String.join(", ", ANSWERED));
        ErrorPageServlet.send(request, response, ErrorCode.METHOD_NOT_ALLOWED, null, request.getRequestURI(), null);
    }
}
