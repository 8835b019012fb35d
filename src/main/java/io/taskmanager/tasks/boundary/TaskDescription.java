package io.taskmanager.tasks.boundary;

import io.taskmanager.platform.StoredText;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A task's description: at most 10,000 characters the database can keep; line breaks and tabs allowed. */
@Constraint(validatedBy = TaskDescription.Check.class)
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
public @interface TaskDescription {

    int MAX_LENGTH = 10_000;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TaskDescription, String> {

        @Override
        public boolean isValid(String description, ConstraintValidatorContext context) {
            if (description == null) {
                return true;
            }
            String problem = StoredText.problem(description, false);
            if (problem == null && StoredText.length(description) > MAX_LENGTH) {
                problem = "Length must be at most " + MAX_LENGTH + " characters.";
            }
            return report(problem, context);
        }

        /** The problem as the violation's message; none of these texts holds a brace, so each is safe as a template. */
        static boolean report(String problem, ConstraintValidatorContext context) {
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
