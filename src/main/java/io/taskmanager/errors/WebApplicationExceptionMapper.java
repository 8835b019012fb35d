package io.taskmanager.errors;

import io.taskmanager.platform.Failures;
import io.taskmanager.platform.BodyTooLargeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.HashMap;
import java.util.Map;

/**
 * JAX-RS's own failures (no route, wrong method, wrong media type, unconvertible
 * parameters) in the envelope. The framework's message is not passed on: it can name
 * classes.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException exception) {
        BodyTooLargeException tooLarge = Failures.find(exception, BodyTooLargeException.class);
        if (tooLarge != null) {
            return ErrorResponses.response(ApiException.bodyTooLarge(tooLarge.limit()), RequestPaths.of(uriInfo));
        }
        int status = exception.getResponse() == null ? 500 : exception.getResponse().getStatus();
        ErrorCode code = ErrorCode.forStatus(status);
        Map<String, String> headers = new HashMap<>();
        if (status == 405 && exception.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            headers.put(HttpHeaders.ALLOW, exception.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return ErrorResponses.response(code, null, null, null, headers, RequestPaths.of(uriInfo),
                status >= 500 ? exception : null);
    }
}
