package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.AccountService;
import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.protection.boundary.RequiresRole;
import io.taskmanager.platform.Timestamps;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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

    @Operation(operationId = "currentUser", summary = "The caller's own account")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "The account.", content = @Content(mediaType = "application/json", schema = @Schema(ref = "User")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @GET
    @Path("me")
    @RequiresRole(AccessTokens.USER_GROUP)
    public UserResponse me() {
        // a token can outlive its account
        return accounts.find(caller.userId()).map(UserResponse::from)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required"));
    }
}
