package io.taskmanager.errors;

import io.taskmanager.platform.Failures;
import io.taskmanager.platform.BodyTooLargeException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * The catch-all: a bare 500 (or 503 when the database cannot be reached) whose body
 * carries no internals; the stack trace goes to the log under the envelope's instance id.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable exception) {
        return answer(exception, RequestPaths.of(uriInfo));
    }

    static Response answer(Throwable exception, String path) {
        BodyTooLargeException tooLarge = Failures.find(exception, BodyTooLargeException.class);
        if (tooLarge != null) {
            return ErrorResponses.response(ApiException.bodyTooLarge(tooLarge.limit()), path);
        }
        ApiException wrapped = Failures.find(exception, ApiException.class);
        if (wrapped != null) {
            return ErrorResponses.response(wrapped, path);
        }
        ErrorCode code = Failures.isDatabaseUnavailable(exception) ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_ERROR;
        Map<String, String> headers = code == ErrorCode.SERVICE_UNAVAILABLE ? Map.of("Retry-After", "5") : Map.of();
        return ErrorResponses.response(code, null, null, null, headers, path, exception);
    }
}
