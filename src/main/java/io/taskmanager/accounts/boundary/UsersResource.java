package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.AccountService;
import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.Timestamps;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("users")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class UsersResource {

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @JsonbPropertyOrder({"id", "username", "email", "createdAt"})
    public record UserResponse(long id, String username, String email, String createdAt) {

        static UserResponse from(UserAccount user) {
            return new UserResponse(user.getId(), user.getUsername(), user.getEmail(), Timestamps.format(user.getCreatedAt()));
        }
    }

    @GET
    @Path("me")
    @RolesAllowed(AccessTokens.USER_GROUP)
    public UserResponse me() {
        // a token can outlive its account
        return accounts.find(caller.userId()).map(UserResponse::from)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required"));
    }
}
