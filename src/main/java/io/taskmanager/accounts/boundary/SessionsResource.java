package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.Sessions;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.Timestamps;
import io.taskmanager.protection.boundary.RateLimited;
import io.taskmanager.protection.boundary.RequiresRole;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's sessions: one per login, each ended on every instance at once. */
@Path("users/me/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(AccessTokens.USER_GROUP)
@RateLimited(RateLimited.Budget.PER_ACCOUNT)
@RequestScoped
public class SessionsResource {

    @Inject
    Sessions sessions;

    @Inject
    Caller caller;

    @JsonbPropertyOrder({"id", "createdAt", "lastUsedAt", "ip", "userAgent", "current"})
    public record SessionResponse(long id, String createdAt, String lastUsedAt, String ip, String userAgent, boolean current) {
    }

    public record SessionListResponse(List<SessionResponse> data) {
    }

    public record RevokedResponse(int revoked) {
    }

    @Operation(operationId = "listSessions", summary = "The caller's sessions, oldest first")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "Every session that has not ended or expired.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "SessionList")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @GET
    public SessionListResponse list() {
        long current = caller.sessionId();
        return new SessionListResponse(sessions.list(caller.userId()).stream()
                .map(s -> new SessionResponse(s.id(), Timestamps.format(s.createdAt()), Timestamps.format(s.lastUsedAt()),
                        s.ip(), s.userAgent(), s.id() == current))
                .toList());
    }

    @Operation(operationId = "endSession", summary = "End one of the caller's sessions", description = """
                Its access tokens and its refresh token are rejected from then on, on every instance.
                The caller's own session may be ended too (as by logout).""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "204", description = "Ended.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")})
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", ref = "SessionNotFound")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @DELETE
    @Path("{id}")
    public Response end(@Parameter(description = "The session's id", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER, format = "int64"))
                        @PathParam("id") String id) {
        if (!sessionId(id).map(sessionId -> sessions.end(caller.userId(), sessionId)).orElse(false)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Session not found");
        }
        return Response.noContent().build();
    }

    @Operation(operationId = "endOtherSessions", summary = "End every session of the caller but this request's")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "Ended; `revoked` counts them.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "SessionsRevoked")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @DELETE
    public RevokedResponse endOthers() {
        return new RevokedResponse(sessions.endAllBut(caller.userId(), caller.sessionId()));
    }

    /** Ids are positive integers; anything else names no session. */
    private static java.util.Optional<Long> sessionId(String id) {
        if (id.matches("[0-9]{1,18}") && Long.parseLong(id) > 0) {
            return java.util.Optional.of(Long.parseLong(id));
        }
        return java.util.Optional.empty();
    }
}
