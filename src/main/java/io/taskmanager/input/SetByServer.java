package io.taskmanager.input;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fields of a resource that only the server sets (ids, timestamps). A client that sends one
 * back is told so, rather than that the field is unknown.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SetByServer {

    /** The JSON names. */
    String[] value();
}
