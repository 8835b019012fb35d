package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.AccountService;
import io.taskmanager.accounts.entity.UserAccount;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @Context
    UriInfo uriInfo;

    public record MessageResponse(String message) {
    }

    @JsonbPropertyOrder({"token", "tokenType", "expiresIn"})
    public record TokenResponse(String token, String tokenType, long expiresIn) {
    }

    @POST
    @Path("signup")
    public Response signup(SignupRequest request) {
        UserAccount user = accounts.signup(request.username(), request.email(), request.password());
        return Response.created(uriInfo.getBaseUriBuilder().path(UsersResource.class).path("me").build())
                .entity(new MessageResponse(user.getUsername() + " user created successfully"))
                .build();
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(AccessTokens.USER_GROUP)
    public Response logout() {
        accounts.logout(caller.userId(), caller.tokenId(), caller.expiresAt());
        return Response.noContent().build();
    }

    @POST
    @Path("login")
    public TokenResponse login(LoginRequest request) {
        AccessTokens.IssuedToken issued = accounts.login(request.username(), request.email(), request.password());
        return new TokenResponse(issued.token(), "Bearer", issued.expiresInSeconds());
    }
}
