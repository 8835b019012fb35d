package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.PersonalAccessTokens;
import io.taskmanager.accounts.control.VerifiedToken;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.input.JsonRecordReader;
import io.taskmanager.platform.Timestamps;
import io.taskmanager.protection.boundary.RateLimited;
import io.taskmanager.protection.boundary.RequiresRole;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's personal access tokens, for scripts: made, listed and revoked with a login's access token. */
@Path("users/me/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(AccessTokens.USER_GROUP)
@RateLimited(RateLimited.Budget.PER_ACCOUNT)
@RequestScoped
public class PersonalTokensResource {

    @Inject
    PersonalAccessTokens tokens;

    @Inject
    Caller caller;

    @JsonbPropertyOrder({"id", "name", "scopes", "createdAt", "expiresAt", "lastUsedAt"})
    public record TokenView(long id, String name, List<String> scopes, String createdAt, String expiresAt, String lastUsedAt) {

        static TokenView of(PersonalAccessTokens.Listed token) {
            return new TokenView(token.id(), token.name(), token.scopeList(), Timestamps.format(token.createdAt()),
                    Timestamps.format(token.expiresAt()), token.lastUsedAt() == null ? null : Timestamps.format(token.lastUsedAt()));
        }
    }

    @JsonbPropertyOrder({"id", "name", "scopes", "createdAt", "expiresAt", "token"})
    public record CreatedTokenResponse(long id, String name, List<String> scopes, String createdAt, String expiresAt, String token) {
    }

    public record TokenListResponse(List<TokenView> data) {
    }

    @Operation(operationId = "createPersonalToken", summary = "Make a personal access token for a script", description = """
                `scopes` from `tasks:read` and `tasks:write`; `expires_in_days` 1-365 (default 90). The
                token (`tm_pat_…`) is in this answer once and is stored only as a hash. It works as
                `Authorization: Bearer tm_pat_…` on the task routes within its scopes (a read-only
                token writing is 403 FORBIDDEN, naming the scope), shares its owner's rate limit, and
                is 401 on every other route.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "CreatePersonalTokenRequest")))
    @APIResponse(responseCode = "201", description = "Made; the token is shown this once.", headers = {@Header(name = "Cache-Control", ref = "Cache-Control"), @Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "CreatedPersonalToken")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "PersonalTokenForbidden")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CarriesToken
    public Response create(CreateTokenRequest request) {
        if (caller.token().filter(token -> token.kind() == VerifiedToken.Kind.PROVIDER).isPresent()) {
            // the organisation removes a person at its provider; a token made here would outlive that by up to a year
            throw new ApiException(ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.defaultMessage(),
                    "Personal access tokens are not made for a single sign-on: scripts get their tokens from the identity provider",
                    null, null);
        }
        JsonRecordReader.required(request);
        PersonalAccessTokens.Created created = tokens.create(caller.userId(), request.name(), request.scopeSet(), request.days());
        TokenView view = TokenView.of(created.token());
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new CreatedTokenResponse(view.id(), view.name(), view.scopes(), view.createdAt(), view.expiresAt(), created.value()))
                .build();
    }

    @Operation(operationId = "listPersonalTokens", summary = "The caller's personal access tokens, without their values")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "Every token, expired ones included, oldest first.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "PersonalTokenList")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @GET
    public TokenListResponse list() {
        return new TokenListResponse(tokens.list(caller.userId()).stream().map(TokenView::of).toList());
    }

    @Operation(operationId = "revokePersonalToken", summary = "Revoke one of the caller's personal access tokens", description = "Refused from then on, on every instance.")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "204", description = "Revoked.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")})
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", ref = "PersonalTokenNotFound")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        boolean revoked = id.matches("[0-9]{1,18}") && Long.parseLong(id) > 0 && tokens.revoke(caller.userId(), Long.parseLong(id));
        if (!revoked) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Token not found");
        }
        return Response.noContent().build();
    }
}
