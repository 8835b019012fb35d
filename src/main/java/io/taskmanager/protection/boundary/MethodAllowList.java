package io.taskmanager.protection.boundary;

import io.taskmanager.TaskManagerApplication;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.errors.ErrorPageServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.List;

/**
 * Only the methods some route answers get past the container: TRACE (which the servlet API
 * answers by echoing the request's headers, bearer token included), WebDAV verbs and made-up
 * methods get a 405 in the envelope, on every path, before any servlet or JAX-RS runs. Outside the
 * API (health, metrics, the OpenAPI document, the /docs page) only GET, HEAD and OPTIONS pass.
 */
@WebFilter(filterName = "MethodAllowList", urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class MethodAllowList extends HttpFilter {

    static final List<String> ANSWERED = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** What the routes outside the API answer. */
    static final List<String> READS = List.of("GET", "HEAD", "OPTIONS");
    private static final String API = TaskManagerApplication.PATH + "/*";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!ANSWERED.contains(request.getMethod())) {
            // no route answers this method, so none of them is narrower than the service's whole set
            refuse(request, response, ANSWERED);
            return;
        }
        if (!READS.contains(request.getMethod()) && isReadOnly(request)) {
            // the health checks and the static file servlet would answer a POST like a GET
            refuse(request, response, READS);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Everything outside the API only reads: health, metrics, the document and its page. */
    private static boolean isReadOnly(HttpServletRequest request) throws IOException {
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping.getPattern().equals(API)) {
            return false;
        }
        if (mapping.getMappingMatch() != MappingMatch.DEFAULT) {
            return true;
        }
        // a path no file answers stays a 404, whatever the method
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return request.getServletContext().getResource(path) != null;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, List<String> allowed) throws IOException {
        response.setHeader("Allow", String.join(", ", allowed));
        ErrorPageServlet.send(request, response, ErrorCode.METHOD_NOT_ALLOWED, null, request.getRequestURI(), null);
    }
}
