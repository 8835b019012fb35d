package io.taskmanager.errors;

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

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int status = statusAttribute instanceof Integer code ? code : 404;
        if (failure != null && status < 500) {
            status = 500;
        }
        ErrorCode code = ErrorCode.forStatus(status);
        if (failure != null && Failures.isDatabaseUnavailable(failure)) {
            code = ErrorCode.SERVICE_UNAVAILABLE;
        }
        String path = uri == null ? request.getRequestURI() : uri.toString();
        String body = JsonFormat.toJson(ErrorResponses.envelope(code,
                code == ErrorCode.UNAUTHORIZED ? "A valid bearer token is required" : null,
                null, null, path, failure));
        if (!response.isCommitted()) {
            response.resetBuffer();
        }
        response.setStatus(code.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (code.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
