package io.taskmanager.errors;

import io.taskmanager.platform.Failures;
import io.taskmanager.platform.JsonFormat;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The container's error page (web.xml): errors raised outside JAX-RS (unknown paths,
 * a rejected bearer token, servlet failures) get the same envelope instead of HTML.
 */
@WebServlet(name = "ErrorPage", urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    public static final String PATH = "/error-envelope";

    /** The servlet that serves a path no other servlet maps: there, no method finds anything. */
    private static final String DEFAULT_SERVLET = "default";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int status = statusAttribute instanceof Integer code ? code : 404;
        if (status == 501) {
            // HttpServlet's answer to a method it has no doX for (PATCH on a health check or on a
            // path no route matches): the method is not allowed there, nothing is broken
            status = DEFAULT_SERVLET.equals(request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME)) ? 404 : 405;
        }
        if (failure != null && status < 500) {
            status = 500;
        }
        ErrorCode code = ErrorCode.forStatus(status);
        if (failure != null && Failures.isDatabaseUnavailable(failure)) {
            code = ErrorCode.SERVICE_UNAVAILABLE;
        }
        String path = uri == null ? request.getRequestURI() : uri.toString();
        send(request, response, code, code == ErrorCode.UNAUTHORIZED ? "A valid bearer token is required" : null, path, failure);
    }

    /**
     * Writes the envelope for {@code code} as the whole response, replacing anything buffered;
     * as a problem object when the request's Accept asks for one.
     */
    public static void send(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message,
                            String path, Throwable failure) throws IOException {
        String body = JsonFormat.toJson(ErrorResponses.envelope(code, message, null, null, path, failure));
        boolean problem = ProblemDetails.wanted(request.getHeader("Accept"));
        if (problem) {
            body = ProblemDetails.fromEnvelope(body);
        }
        if (!response.isCommitted()) {
            response.resetBuffer();
        }
        response.setStatus(code.status());
        response.setContentType(problem ? ProblemDetails.MEDIA_TYPE : "application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (code.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
