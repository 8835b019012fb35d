package io.taskmanager.platform;

import java.io.IOException;

/**
 * A request body went past the size limit while it was read. An IOException, so it travels
 * through whatever parser was reading; every mapper turns it back into the 413
 * ({@code ApiException.bodyTooLarge}).
 */
public final class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes", null);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
