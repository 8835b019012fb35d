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
import java.util.Locale;

/**
 * A path that hides dot-segments or slashes in escapes ({@code /api/%2e%2e/metrics},
 * {@code /api/..%2fmetrics}) is 400 in the envelope: the server decodes the escapes and then
 * removes the dot-segments, so such a path would climb out of the route it names into another
 * one (/metrics, /docs). A client never needs to escape a dot or a slash in this API's paths;
 * plain dot-segments are resolved by clients before they send (RFC 3986, 5.2.4) and are left to
 * the server.
 */
@WebFilter(filterName = "EncodedDotSegments", urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class EncodedDotSegments extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (hidesDotSegments(request.getRequestURI())) {
            ErrorPageServlet.send(request, response, ErrorCode.BAD_REQUEST, "Escaped dots or slashes in a path are not accepted",
                    request.getRequestURI(), null);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * True when the raw path (as sent, escapes not decoded) escapes a slash or backslash, or has a
     * segment that decodes to {@code .} or {@code ..} only because of an escaped dot.
     */
    static boolean hidesDotSegments(String rawPath) {
        if (rawPath == null || rawPath.indexOf('%') < 0) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return true;
        }
        for (String segment : lower.split("[/;]", -1)) {
            if (segment.contains("%2e")) {
                String decoded = segment.replace("%2e", ".");
                if (decoded.equals(".") || decoded.equals("..")) {
                    return true;
                }
            }
        }
        return false;
    }
}
