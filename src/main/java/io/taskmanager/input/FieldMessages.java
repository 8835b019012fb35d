package io.taskmanager.input;

/** The messages a body's fields share, worded as the Flask service worded them. */
public final class FieldMessages {

    public static final String REQUIRED = "Missing data for required field.";
    public static final String NOT_NULL = "Field may not be null.";
    public static final String UNKNOWN_FIELD = "Unknown field.";
    public static final String SET_BY_SERVER = "Set by the server; cannot be given.";

    private FieldMessages() {
    }
}
