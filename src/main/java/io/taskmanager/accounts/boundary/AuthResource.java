package io.taskmanager.accounts.boundary;

import io.taskmanager.protection.boundary.RateLimited;
import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.AccountService;
import io.taskmanager.accounts.control.PasswordResets;
import io.taskmanager.accounts.control.VerifiedToken;
import io.taskmanager.accounts.entity.UserAccount;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.input.JsonRecordReader;
import io.taskmanager.protection.control.ClientAddresses;
import io.taskmanager.protection.boundary.RequiresRole;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@RateLimited(RateLimited.Budget.PER_CLIENT_AND_ROUTE)
public class AuthResource {

    private static final String OTP_TOKEN_REQUIRED = "A valid otp-token is required";
    private static final String RESET_TOKEN_REQUIRED = "A valid reset token is required";

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @Inject
    PasswordResets resets;

    @Inject
    ClientAddresses clientAddresses;

    @Context
    UriInfo uriInfo;

    public record MessageResponse(String message) {
    }

    @JsonbPropertyOrder({"token", "tokenType", "expiresIn", "refreshToken", "refreshExpiresIn"})
    public record TokenResponse(String token, String tokenType, long expiresIn, String refreshToken, long refreshExpiresIn) {

        static TokenResponse from(AccountService.Grant grant) {
            return new TokenResponse(grant.access().token(), "Bearer", grant.access().expiresInSeconds(),
                    grant.refreshToken(), grant.refreshExpiresInSeconds());
        }
    }

    @Operation(operationId = "signup", summary = "Create an account", description = """
                username: 3-20 letters, digits, `_`, `.`, `-`. email: a valid address of at most 254
                characters. password: 8-128 characters (every character counts; bcrypt's 72-byte
                limit is lifted by a SHA-384 pre-hash), not among the ~18,000 most common passwords
                and not containing the username or the email's local part. Username and email are
                unique without regard to case. Unknown fields are refused.""")
    @Tag(ref = "Accounts")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "SignupRequest")))
    @APIResponse(responseCode = "201", ref = "UserCreated")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "405", ref = "MethodNotAllowed")
    @APIResponse(responseCode = "406", ref = "NotAcceptable")
    @APIResponse(responseCode = "409", ref = "UserAlreadyExists")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "403", ref = "LocalPasswordsForbidden")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("signup")
    @LocalPasswords
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

    @Operation(operationId = "forgetPassword", summary = "Password reset, step 1: mail a one-time code", description = """
                Always 200 with the same body shape, in the same time, whether or not the email is
                registered: the account work happens after the answer, on the mail executor. For a
                registered email, a 6-digit code (SecureRandom) is mailed; it is valid 10 minutes,
                kept only as an HMAC, and a newer request supersedes it. At most 3 codes are mailed
                per account per 15 minutes; further requests still answer 200 but mail nothing.
                The code is never in any response or token. Pass the `otp-token` to step 2.""")
    @Tag(ref = "Accounts")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "ForgetPasswordBody")))
    @APIResponse(responseCode = "200", description = "Accepted (the same for unknown emails).", headers = {@Header(name = "Cache-Control", ref = "Cache-Control"), @Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "ForgetPasswordResult")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "403", ref = "LocalPasswordsForbidden")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("forget-password")
    @LocalPasswords
    @CarriesToken
    public CodeRequestedResponse forgetPassword(ForgetPasswordRequest request) {
        JsonRecordReader.required(request);
        return new CodeRequestedResponse("If the account exists, a code has been sent",
                resets.requestCode(request.email()).token());
    }

    @Operation(operationId = "verifyOtp", summary = "Password reset, step 2: trade the mailed code for a reset token", description = """
                `Authorization: Bearer <otp-token>` from step 1; any other token, or none, is 401
                UNAUTHORIZED before the body is read. A wrong code, an email that is not
                the request's, an expired, spent or superseded code, or an otp-token of an unknown
                email are all 401 INVALID_OTP. After 5 wrong codes (counted across superseding
                requests within 15 minutes) the request is dead, even for the right code.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "VerifyOtpBody")))
    @APIResponse(responseCode = "200", description = "The code was right; the reset token is valid 10 minutes and works once.", headers = {@Header(name = "Cache-Control", ref = "Cache-Control"), @Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "VerifyOtpResult")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", description = "INVALID_OTP for the code; UNAUTHORIZED when the bearer token is not a valid otp-token.", headers = {@Header(name = "WWW-Authenticate", ref = "WWW-Authenticate"), @Header(name = "Cache-Control", ref = "Cache-Control"), @Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = {@Content(mediaType = "application/json", schema = @Schema(ref = "ErrorEnvelope")), @Content(mediaType = "application/problem+json", schema = @Schema(ref = "ProblemDetails"))})
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "403", ref = "LocalPasswordsForbidden")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("verify-otp")
    @LocalPasswords
    @CarriesToken
    @RequiresStepToken(value = VerifiedToken.Kind.RESET_CODE_STEP, message = OTP_TOKEN_REQUIRED)
    public ResetGrantedResponse verifyOtp(VerifyOtpRequest request) {
        String requestId = caller.stepRequestId(VerifiedToken.Kind.RESET_CODE_STEP, OTP_TOKEN_REQUIRED);
        JsonRecordReader.required(request);
        return resets.verifyCode(requestId, request.email(), request.otp())
                .map(granted -> new ResetGrantedResponse(granted.token()))
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_OTP));
    }

    @Operation(operationId = "resetPassword", summary = "Password reset, step 3: set the new password", description = """
                `Authorization: Bearer <reset-token>` from step 2 (any other token, or none, is 401
                UNAUTHORIZED before the body is read); the token works once (of two
                simultaneous uses exactly one succeeds). new_password follows the signup rules and
                must differ from the current password (400 naming new_password; the token stays
                usable). Afterwards every access token issued before is rejected, a login with the
                new password works at once, login lockout is lifted, and the account's email gets a
                notice that the password was changed.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "ResetPasswordBody")))
    @APIResponse(responseCode = "200", ref = "PasswordReset")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "403", ref = "LocalPasswordsForbidden")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("reset-password")
    @LocalPasswords
    @RequiresStepToken(value = VerifiedToken.Kind.RESET_STEP, message = RESET_TOKEN_REQUIRED)
    public MessageResponse resetPassword(ResetPasswordRequest request) {
        String requestId = caller.stepRequestId(VerifiedToken.Kind.RESET_STEP, RESET_TOKEN_REQUIRED);
        resets.resetPassword(requestId, JsonRecordReader.required(request).newPassword());
        return new MessageResponse("Password reset successfully");
    }

    @Operation(operationId = "logout", summary = "End the session of this request's access token", description = """
                That token, every other access token of its session and the session's refresh token are
                rejected from then on, on every instance; the user's other sessions keep working. Any
                body is ignored.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "204", description = "Logged out.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")})
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("logout")
    @Consumes(MediaType.WILDCARD)
    @RequiresRole(AccessTokens.USER_GROUP)
    public Response logout() {
        accounts.logout(caller.userId(), caller.tokenId(), caller.expiresAt(), caller.sessionId());
        return Response.noContent().build();
    }

    @Operation(operationId = "login", summary = "Log in with exactly one of username or email", description = """
                Both identifiers are matched without regard to case. An unknown account and a wrong
                password get the same 401 INVALID_CREDENTIALS in about the same time.

                After `taskmanager.login.max-failures` (5) failures on one account within
                `taskmanager.login.failure-window` (15 minutes), through its username or its email,
                that account's logins answer 429 with Retry-After for the window, even with the right
                password. An unknown name locks the same way, so a lockout reveals no account. A
                successful login starts the count afresh.""")
    @Tag(ref = "Accounts")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "LoginRequest")))
    @APIResponse(responseCode = "200", description = "A bearer token (RS256 JWT with iss, sub, upn, groups, iat, exp, jti).", headers = {@Header(name = "Cache-Control", ref = "Cache-Control"), @Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "405", ref = "MethodNotAllowed")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", description = "TOO_MANY_REQUESTS, for either reason: logins to this account are paused after\nfailures, or this client address spent the route's rate limit (then RateLimit-Policy\nand RateLimit say so). Retry-After says for how many seconds.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit"), @Header(name = "Retry-After", ref = "Retry-After")}, content = {@Content(mediaType = "application/json", schema = @Schema(ref = "ErrorEnvelope")), @Content(mediaType = "application/problem+json", schema = @Schema(ref = "ProblemDetails"))})
    @APIResponse(responseCode = "403", ref = "LocalPasswordsForbidden")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("login")
    @LocalPasswords
    @CarriesToken
    public TokenResponse login(LoginRequest request, @Context HttpServletRequest http) {
        JsonRecordReader.required(request);
        // the session shows the client's own address (not the network the limits count as one)
        return TokenResponse.from(accounts.login(request.username(), request.email(), request.password(),
                clientAddresses.of(http), http.getHeader(HttpHeaders.USER_AGENT)));
    }

    @Operation(operationId = "refresh", summary = "Trade a refresh token for a new access token and a new refresh token", description = """
                The refresh token from a login (or from the last refresh) is spent by this call: the
                answer carries its successor. Presenting a spent refresh token again is taken for
                theft: the whole session ends (every access and refresh token it issued is rejected
                from then on, on every instance) and the answer is 401. A refresh token lives
                `taskmanager.refresh.ttl` (30 days) from its issue; logout, a password reset or
                change, and ending the session from `/api/users/me/sessions` end it sooner.""")
    @Tag(ref = "Accounts")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "RefreshRequest")))
    @APIResponse(responseCode = "200", description = "A new access token and refresh token, in the login's shape.", headers = {@Header(name = "Cache-Control", ref = "Cache-Control"), @Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "Token")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "405", ref = "MethodNotAllowed")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Path("refresh")
    @CarriesToken
    public TokenResponse refresh(RefreshRequest request) {
        return TokenResponse.from(accounts.refresh(JsonRecordReader.required(request).refreshToken()));
    }
}
