package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.AccountService;
import io.taskmanager.accounts.control.PasswordResets;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.platform.JsonRecordReader;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @Inject
    PasswordResets resets;

    @Context
    SecurityContext security;

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
        JsonRecordReader.required(request);
        UserAccount user = accounts.signup(request.username(), request.email(), request.password());
        return Response.created(uriInfo.getBaseUriBuilder().path(UsersResource.class).path("me").build())
                .entity(new MessageResponse(user.getUsername() + " user created successfully"))
                .build();
    }

    @JsonbPropertyOrder({"message", "otpToken"})
    public record CodeRequestedResponse(String message, @JsonbProperty("otp-token") String otpToken) {
    }

    public record ResetGrantedResponse(@JsonbProperty("reset-token") String resetToken) {
    }

    @POST
    @Path("forget-password")
    public CodeRequestedResponse forgetPassword(ForgetPasswordRequest request) {
        JsonRecordReader.required(request);
        return new CodeRequestedResponse("If the account exists, a code has been sent",
                resets.requestCode(request.email()).token());
    }

    @POST
    @Path("verify-otp")
    public ResetGrantedResponse verifyOtp(VerifyOtpRequest request) {
        String requestId = stepTokenId(PasswordResets.CODE_STEP, "A valid otp-token is required");
        JsonRecordReader.required(request);
        return resets.verifyCode(requestId, request.email(), request.otp())
                .map(granted -> new ResetGrantedResponse(granted.token()))
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_OTP));
    }

    @POST
    @Path("reset-password")
    public MessageResponse resetPassword(ResetPasswordRequest request) {
        String requestId = stepTokenId(PasswordResets.RESET_STEP, "A valid reset token is required");
        resets.resetPassword(requestId, JsonRecordReader.required(request).newPassword());
        return new MessageResponse("Password reset successfully");
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
        JsonRecordReader.required(request);
        AccessTokens.IssuedToken issued = accounts.login(request.username(), request.email(), request.password());
        return new TokenResponse(issued.token(), "Bearer", issued.expiresInSeconds());
    }

    /** The id of the bearer token of one reset step; any other token, or none, is 401. */
    private String stepTokenId(String step, String message) {
        if (security.getUserPrincipal() instanceof JsonWebToken token && token.getGroups() != null
                && token.getGroups().contains(step) && token.getTokenID() != null) {
            return token.getTokenID();
        }
        throw new ApiException(ErrorCode.UNAUTHORIZED, message);
    }
}
