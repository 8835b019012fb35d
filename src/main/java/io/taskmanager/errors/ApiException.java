package io.taskmanager.errors;

import jakarta.ejb.ApplicationException;
import java.util.Map;

/**
 * A failure the client caused or must know about. Rolls back the current transaction
 * and is answered with the error envelope, never wrapped by the EJB container.
 */
@ApplicationException(rollback = true, inherited = true)
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String reason;
    private final Object details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message, String reason, Object details, Map<String, String> headers) {
        super(message == null ? code.defaultMessage() : message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    public ApiException(ErrorCode code) {
        this(code, null);
    }

    /** The 413 for a body over {@code limit} bytes, with the connection closed rather than drained of a body nobody reads. */
    public static ApiException bodyTooLarge(long limit) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large",
                "Bodies are limited to " + limit + " bytes", Map.of("max_bytes", limit), Map.of("Connection", "close"));
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Object details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
