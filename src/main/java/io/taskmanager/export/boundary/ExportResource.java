package io.taskmanager.export.boundary;

import io.taskmanager.accounts.boundary.Caller;
import io.taskmanager.accounts.boundary.UsersResource;
import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.accounts.control.AccountService;
import io.taskmanager.accounts.control.Sessions;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.JsonFormat;
import io.taskmanager.platform.Timestamps;
import io.taskmanager.protection.boundary.RateLimited;
import io.taskmanager.protection.boundary.RequiresRole;
import io.taskmanager.tasks.boundary.TaskResponse;
import io.taskmanager.tasks.control.TaskFilter;
import io.taskmanager.tasks.control.TaskPage;
import io.taskmanager.tasks.control.TaskService;
import io.taskmanager.tasks.entity.Task;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** GET /api/users/me/export: everything of the caller's account as one JSON document. */
@Path("users/me/export")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(AccessTokens.USER_GROUP)
@RateLimited(RateLimited.Budget.PER_ACCOUNT)
@RequestScoped
public class ExportResource {

    /** Tasks read per query while the document is written: memory stays flat at any quota. */
    static final int TASKS_PER_READ = 200;

    @Inject
    Caller caller;

    @Inject
    AccountService accounts;

    @Inject
    Sessions sessions;

    @Inject
    TaskService tasks;

    @JsonbPropertyOrder({"id", "createdAt", "lastUsedAt", "ip", "userAgent"})
    public record ExportedSession(long id, String createdAt, String lastUsedAt, String ip, String userAgent) {
    }

    @Operation(operationId = "exportAccount", summary = "Everything of the caller's account, as one JSON document to keep", description = """
                `{"account": {…}, "tasks": [every task], "sessions": […], "exported_at"}`, as an
                attachment. Written as it is read, a few hundred tasks at a time, so an account at its
                quota costs no more memory than an empty one.""")
    @Tag(ref = "Accounts")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "The document.", headers = {@Header(name = "Content-Disposition", ref = "Content-Disposition"), @Header(name = "Cache-Control", ref = "Cache-Control"), @Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "AccountExport")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @GET
    public Response export() {
        long userId = caller.userId();
        UsersResource.UserResponse account = accounts.find(userId).map(UsersResource.UserResponse::from)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required"));
        List<ExportedSession> exportedSessions = sessions.list(userId).stream()
                .map(s -> new ExportedSession(s.id(), Timestamps.format(s.createdAt()), Timestamps.format(s.lastUsedAt()), s.ip(), s.userAgent()))
                .toList();
        StreamingOutput document = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write("{\"account\":");
            writer.write(JsonFormat.toJson(account));
            writer.write(",\"tasks\":[");
            String cursor = null;
            boolean first = true;
            do {
                TaskPage page = tasks.page(userId, TaskFilter.NONE, cursor, TASKS_PER_READ);
                for (Task task : page.tasks()) {
                    writer.write(first ? "" : ",");
                    writer.write(JsonFormat.toJson(TaskResponse.from(task)));
                    first = false;
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            writer.write("],\"sessions\":");
            writer.write(JsonFormat.toJson(exportedSessions));
            writer.write(",\"exported_at\":\"" + Timestamps.format(Instant.now()) + "\"}");
            writer.flush();
        };
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoTransform(false);
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"task-manager-export.json\"")
                .cacheControl(noStore)
                .build();
    }
}
