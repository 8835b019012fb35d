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

/** A task's title, already trimmed: one line of 1 to 200 characters the database can keep. */
@Constraint(validatedBy = TaskTitle.Check.class)
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
public @interface TaskTitle {

    int MAX_LENGTH = 200;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TaskTitle, String> {

        @Override
        public boolean isValid(String title, ConstraintValidatorContext context) {
            if (title == null) {
                return true;
            }
            String problem = StoredText.problem(title, true);
            if (problem == null && title.isEmpty()) {
                problem = "Must not be blank.";
            } else if (problem == null && StoredText.length(title) > MAX_LENGTH) {
                problem = "Length must be between 1 and " + MAX_LENGTH + " characters.";
            }
            return TaskDescription.Check.report(problem, context);
        }
    }
}
