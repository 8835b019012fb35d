package io.taskmanager.accounts.control;

import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import java.util.List;
import java.util.Map;

public class UserAlreadyExistsException extends ApiException {

    public UserAlreadyExistsException(String field) {
        super(ErrorCode.USER_ALREADY_EXISTS, "User already exists", null,
                field == null ? null : Map.of(field, List.of("Already taken.")), null);
    }
}
