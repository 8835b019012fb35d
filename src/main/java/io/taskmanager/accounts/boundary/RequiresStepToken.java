package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.VerifiedToken;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A password-reset step that only a token of that step's kind may call (StepTokenCheck). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface RequiresStepToken {

    VerifiedToken.Kind value();

    /** The 401's message when the token is missing or of another kind. */
    String message();
}
