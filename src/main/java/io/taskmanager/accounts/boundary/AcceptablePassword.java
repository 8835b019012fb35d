package io.taskmanager.accounts.boundary;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 8 to 128 characters (code points, every one counts) and not among the most common passwords. */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AcceptablePasswordValidator.class)
public @interface AcceptablePassword {

    int MIN_LENGTH = 8;
    int MAX_LENGTH = 128;

    String message() default "Not an acceptable password.";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
