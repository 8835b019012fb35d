package io.taskmanager.errors;

import io.taskmanager.platform.ObservedRequest;
import io.taskmanager.platform.JsonFormat;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the one error envelope. Every error gets a fresh {@code instance} id that is also
 * logged, so support can find the log line a client quotes.
 */
public final class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    public static ErrorEnvelope envelope(ErrorCode code, String message, String reason, Object details,
                                         String path, Throwable cause) {
        String instance = (path == null || path.isEmpty() ? "/" : path) + "#" + UUID.randomUUID();
        // the request's log line carries the code and the instance id; a server error also gets its stack trace here
        ObservedRequest.noteError(code.name(), instance);
        if (code.status() >= 500) {
            LOG.log(Level.SEVERE, "error code=" + code + " status=" + code.status() + " instance=" + instance, cause);
        }
        return new ErrorEnvelope(new ErrorEnvelope.Error(code.name(), code.type(), code.status(),
                message == null ? code.defaultMessage() : message, reason, details, instance));
    }

    public static Response response(ErrorCode code, String message, String reason, Object details,
                                    Map<String, String> headers, String path, Throwable cause) {
        Response.ResponseBuilder builder = Response.status(code.status())
                .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .entity(JsonFormat.toJson(envelope(code, message, reason, details, path, cause)));
        if (code.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        headers.forEach(builder::header);
        return builder.build();
    }

    public static Response response(ApiException e, String path) {
        return response(e.code(), e.getMessage(), e.reason(), e.details(), e.headers(), path, e);
    }
}
