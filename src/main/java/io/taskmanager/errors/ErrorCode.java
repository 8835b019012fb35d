package io.taskmanager.errors;

import java.util.Locale;

/** The stable machine codes of the error envelope, with their HTTP status and default message. */
public enum ErrorCode {
    BAD_REQUEST(400, "Invalid input"),
    UNAUTHORIZED(401, "Authentication is required"),
    INVALID_CREDENTIALS(401, "Invalid credentials"),
    INVALID_OTP(401, "Invalid or expired code"),
    FORBIDDEN(403, "You are not allowed to do this"),
    IP_BANNED(403, "This address is temporarily banned"),
    TASK_QUOTA_EXCEEDED(403, "Task quota exceeded"),
    EMAIL_NOT_VERIFIED(403, "The account's email address is not verified"),
    NOT_FOUND(404, "Resource not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Cannot produce a representation the client accepts"),
    USER_ALREADY_EXISTS(409, "User already exists"),
    CONFLICT(409, "Conflict"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    REQUEST_TIMEOUT(408, "Request not received in time"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused with a different request"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal server error"),
    SERVICE_UNAVAILABLE(503, "Service temporarily unavailable");

    private final int status;
    private final String defaultMessage;

    ErrorCode(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    public String type() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The generic code for a status that no specific code covers. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 408 -> REQUEST_TIMEOUT;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}
