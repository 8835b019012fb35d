package io.taskmanager.errors;

import java.io.IOException;
import java.util.Map;

/**
 * A request body went past the size limit while it was read. An IOException, so it travels
 * through whatever parser was reading; every mapper turns it back into the 413.
 */
public final class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes", null);
        this.limit = limit;
    }

    /** The 413 the client gets, with the connection closed rather than drained of a body nobody reads. */
    public ApiException answer() {
        return answer(limit);
    }

    public static ApiException answer(long limit) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large",
                "Bodies are limited to " + limit + " bytes", Map.of("max_bytes", limit), Map.of("Connection", "close"));
    }
}
