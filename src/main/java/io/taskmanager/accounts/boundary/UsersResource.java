package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.AccountService;
import io.taskmanager.accounts.control.EmailVerifications;
import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.input.JsonRecordReader;
import io.taskmanager.protection.boundary.RateLimited;
import io.taskmanager.protection.boundary.RequiresRole;
import io.taskmanager.platform.Timestamps;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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

    @Inject
    EmailVerifications emails;

    @JsonbPropertyOrder({"id", "username", "email", "createdAt", "emailVerified"})
    public record UserResponse(long id, String username, String email, String createdAt, boolean emailVerified) {

        public static UserResponse from(UserAccount user) {
            return new UserResponse(user.getId(), user.getUsername(), user.getEmail(), Timestamps.format(user.getCreatedAt()),
                    user.isEmailVerified());
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

    public record MessageResponse(String message) {
    }

    @Operation(operationId = "changePassword", summary = "Change the caller's password", description = """
                The current password must be right: a wrong one is 401 INVALID_CREDENTIALS and counts
                towards the login lockout (`taskmanager.login.max-failures`), and a locked account is
                429 with Retry-After. The new password follows signup's rules and must differ from the
                current one. Every other session of the account ends (its access and refresh tokens
                are rejected at once, on every instance); this one stays. The account's address gets
                a notice mail. An account the identity provider created has no password: 403.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "ChangePasswordRequest")))
    @APIResponse(responseCode = "200", description = "Changed.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "Message")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "409", description = "CONFLICT; the password was changed or reset by another request meanwhile.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = {@Content(mediaType = "application/json", schema = @Schema(ref = "ErrorEnvelope")), @Content(mediaType = "application/problem+json", schema = @Schema(ref = "ProblemDetails"))})
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "403", ref = "LocalPasswordsForbidden")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("me/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(AccessTokens.USER_GROUP)
    @RateLimited(RateLimited.Budget.PER_ACCOUNT)
    public MessageResponse changePassword(ChangePasswordRequest request) {
        JsonRecordReader.required(request);
        accounts.changePassword(caller.userId(), caller.sessionId(), request.currentPassword(), request.newPassword());
        return new MessageResponse("Password changed");
    }

    @Operation(operationId = "requestEmailCode", summary = "Mail a code to prove an address: the account's own, or a new one", description = """
                The current password must be right (a wrong one is 401 INVALID_CREDENTIALS and counts
                towards the login lockout); an account the identity provider created has none and
                sends none. A 6-digit code goes to `email`, with the reset code's
                rules: valid `taskmanager.otp.ttl` (10 minutes), dead after
                `taskmanager.otp.max-attempts` (5) wrong tries, superseded by a newer one, at most 3
                mails per account per 15 minutes. An address that another account has gets the same
                answer and no mail. Nothing changes until the code comes back to
                `/api/users/me/email/verify`.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "EmailChangeRequest")))
    @APIResponse(responseCode = "202", description = "Accepted; a code is on its way unless the address is taken or the mail limit is reached.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "Message")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("me/email")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(AccessTokens.USER_GROUP)
    @RateLimited(RateLimited.Budget.PER_ACCOUNT)
    public Response requestEmailCode(EmailChangeRequest request) {
        JsonRecordReader.required(request);
        emails.requestCode(caller.userId(), request.email(), request.currentPassword());
        return Response.accepted(new MessageResponse("A code has been sent")).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Operation(operationId = "verifyEmail", summary = "Return the mailed code: the address becomes the account's, verified", description = """
                When the address was a new one, the old address gets a notice. A wrong, spent or
                expired code is 401 INVALID_OTP; after 5 wrong codes even the right one is.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "EmailCodeRequest")))
    @APIResponse(responseCode = "200", description = "The account, as `/api/users/me` shows it.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "User")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "409", ref = "UserAlreadyExists")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("me/email/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(AccessTokens.USER_GROUP)
    @RateLimited(RateLimited.Budget.PER_ACCOUNT)
    public UserResponse verifyEmail(EmailCodeRequest request) {
        JsonRecordReader.required(request);
        return emails.verify(caller.userId(), request.otp()).map(UserResponse::from)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_OTP, "Invalid or expired code"));
    }

    @Operation(operationId = "deleteAccount", summary = "Delete the caller's account and everything of it", description = """
                The password must be right (a wrong one is 401 INVALID_CREDENTIALS and counts towards
                the login lockout); an account the identity provider created has none and sends none
                (its link to the provider stays, so the provider's earlier tokens cannot bring it back).
                In one transaction the account, its tasks, sessions, tokens, codes
                and idempotency records are deleted; every token of it is rejected at once on every
                instance; the username and the address are free again; the address gets a goodbye
                mail.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "DeleteAccountRequest")))
    @APIResponse(responseCode = "204", description = "Deleted.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")})
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @DELETE
    @Path("me")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(AccessTokens.USER_GROUP)
    @RateLimited(RateLimited.Budget.PER_ACCOUNT)
    public Response deleteAccount(DeleteAccountRequest request) {
        JsonRecordReader.required(request);
        accounts.deleteAccount(caller.userId(), request.password());
        return Response.noContent().build();
    }
}
