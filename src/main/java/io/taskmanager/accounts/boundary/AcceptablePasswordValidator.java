package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.CommonPasswords;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class AcceptablePasswordValidator implements ConstraintValidator<AcceptablePassword, String> {

    @Override
    public boolean isValid(String password, ConstraintValidatorContext context) {
        if (password == null) {
            return true;
        }
        String problem = problem(password);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    /** Why the password is refused, or null. Braces never occur, so the text is safe as a template. */
    static String problem(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < AcceptablePassword.MIN_LENGTH || length > AcceptablePassword.MAX_LENGTH) {
            return "Length must be between " + AcceptablePassword.MIN_LENGTH + " and " + AcceptablePassword.MAX_LENGTH + " characters.";
        }
        if (CommonPasswords.contains(password)) {
            return "This password is one of the " + CommonPasswords.size()
                    + " most common passwords, which attackers try first. Choose another.";
        }
        return null;
    }
}
