package io.taskmanager.tasks.boundary;

import io.taskmanager.protection.boundary.RateLimited;
import io.taskmanager.accounts.boundary.AcceptsPersonalTokens;
import io.taskmanager.accounts.boundary.Caller;
import io.taskmanager.accounts.boundary.RequiresVerifiedEmail;
import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.JsonFormat;
import io.taskmanager.input.JsonRecordReader;
import io.taskmanager.protection.boundary.RequiresRole;
import io.taskmanager.tasks.control.CreatedTask;
import io.taskmanager.tasks.control.TaskPage;
import io.taskmanager.tasks.control.TaskService;
import io.taskmanager.tasks.entity.Task;
import io.taskmanager.tasks.entity.TaskChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own tasks. Another user's task does not exist here: 404, never 403. */
@Path("tasks")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(AccessTokens.USER_GROUP)
@RateLimited(RateLimited.Budget.PER_ACCOUNT)
@RequiresVerifiedEmail
@AcceptsPersonalTokens
// one instance: the request's UriInfo and HttpHeaders reach it through proxies, which costs
// less than building and injecting a resource for every request
@ApplicationScoped
public class TasksResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    @Inject
    TaskService tasks;

    @Inject
    Caller caller;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    @JsonbPropertyOrder({"message", "taskId", "task"})
    public record CreateResponse(String message, long taskId, TaskResponse task) {
    }

    @JsonbPropertyOrder({"message", "task"})
    public record UpdateResponse(String message, TaskResponse task) {
    }

    public record DeleteResponse(String message) {
    }

    @JsonbPropertyOrder({"message", "deleted"})
    public record DeleteAllResponse(String message, int deleted) {
    }

    @JsonbPropertyOrder({"nextCursor", "hasMore", "limit", "totalReturned"})
    public record Pagination(String nextCursor, boolean hasMore, int limit, int totalReturned) {
    }

    public record Meta(String version) {
    }

    @JsonbPropertyOrder({"data", "pagination", "meta"})
    public record TaskListResponse(List<TaskResponse> data, Pagination pagination, Meta meta) {
    }

    @Operation(operationId = "createTask", summary = "Create a task", description = """
                title is required (1-200 characters after trimming, no line breaks); description at
                most 10,000 characters (default ""); completion default false; priority low, medium or
                high (any case, default medium); due_date an RFC 3339 date-time or null, kept to the
                second and shown in UTC. `id`, `user_id`, `created_at`, `updated_at` are set by the
                server and refused in a body. Every problem is reported at once, per field.

                A user holds at most `taskmanager.tasks.quota` tasks (default 1000); concurrent creates
                never overshoot it.

                With an `Idempotency-Key`, a repeat of the same request (same key, same JSON content,
                by the same user, within 24 hours) gets the first answer again (201, same body and
                Location, plus `Idempotent-Replayed: true`) and creates nothing. A repeat that arrives
                while the first is still in progress is 409 CONFLICT; the key with a different body is
                422 IDEMPOTENCY_KEY_REUSED. A create that failed is not remembered.""")
    @Tag(ref = "Tasks")
    @SecurityRequirement(name = "bearer")
    @RequestBody(ref = "CreateTaskBody")
    @APIResponse(responseCode = "201", description = "Created.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit"), @Header(name = "Location", ref = "Location"), @Header(name = "ETag", ref = "ETag"), @Header(name = "Idempotent-Replayed", ref = "Idempotent-Replayed")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "TaskCreated")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "TaskForbidden")
    @APIResponse(responseCode = "409", ref = "IdempotencyInFlight")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED; this key was used with a different request.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = {@Content(mediaType = "application/json", schema = @Schema(ref = "ErrorEnvelope")), @Content(mediaType = "application/problem+json", schema = @Schema(ref = "ProblemDetails"))})
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(IDEMPOTENCY_KEY) @Parameter(ref = "IdempotencyKey") List<String> idempotencyKeys, CreateTaskRequest body) {
        Optional<TaskService.IdempotentRequest> idempotency = IdempotencyKey.of(idempotencyKeys, JsonRecordReader.required(body));
        CreatedTask created = tasks.create(caller.userId(), body.changes(), idempotency, TasksResource::createdBody);
        Response.ResponseBuilder response = Response.created(location(created.taskId()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(created.body());
        if (created.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        } else {
            response.tag(EntityTags.of(created.version()));
        }
        return response.build();
    }

    @Operation(operationId = "listTasks", summary = "List the caller's tasks, filtered, in id order, a page at a time", description = """
                Filters combine with AND. Pages follow `next_cursor`: a walk sees every task that
                exists throughout it exactly once, even while tasks are created and deleted; new tasks
                appear at the end. A cursor is opaque and sealed: it works only for the user it was
                issued to and with the same filters (limit may change); anything else is 400.
                Unknown or repeated parameters are 400, so a misspelt filter never lists everything.""")
    @Tag(ref = "Tasks")
    @SecurityRequirement(name = "bearer")
    @Parameter(name = "completion", in = ParameterIn.QUERY, ref = "Completion")
    @Parameter(name = "title", in = ParameterIn.QUERY, ref = "Title")
    @Parameter(name = "q", in = ParameterIn.QUERY, ref = "Q")
    @Parameter(name = "priority", in = ParameterIn.QUERY, ref = "Priority")
    @Parameter(name = "after", in = ParameterIn.QUERY, ref = "After")
    @Parameter(name = "before", in = ParameterIn.QUERY, ref = "Before")
    @Parameter(name = "due_after", in = ParameterIn.QUERY, ref = "DueAfter")
    @Parameter(name = "due_before", in = ParameterIn.QUERY, ref = "DueBefore")
    @Parameter(name = "cursor", in = ParameterIn.QUERY, ref = "Cursor")
    @Parameter(name = "limit", in = ParameterIn.QUERY, ref = "Limit")
    @APIResponse(responseCode = "200", description = "A page (possibly empty).", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit"), @Header(name = "Cache-Control", ref = "Cache-Control")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "TaskList")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "TaskForbidden")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @GET
    public Response list() {
        TaskListParameters parameters = TaskListParameters.from(uriInfo.getQueryParameters());
        TaskPage page = tasks.page(caller.userId(), parameters.filter(), parameters.cursor(), parameters.limit());
        List<TaskResponse> data = page.tasks().stream().map(TaskResponse::from).toList();
        return Response.ok(new TaskListResponse(data,
                        new Pagination(page.nextCursor(), page.hasMore(), page.limit(), data.size()), new Meta("1.0")))
                .cacheControl(revalidate())
                .build();
    }

    @Operation(operationId = "getTask", summary = "One task, with its ETag")
    @Tag(ref = "Tasks")
    @SecurityRequirement(name = "bearer")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, ref = "IfMatch")
    @Parameter(name = "If-None-Match", in = ParameterIn.HEADER, ref = "IfNoneMatch")
    @APIResponse(responseCode = "200", description = "The task.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit"), @Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "Task")))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit"), @Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")})
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "TaskForbidden")
    @APIResponse(responseCode = "404", ref = "TaskNotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @GET
    @Path("{id}")
    public Response get(@Parameter(ref = "TaskId") @PathParam("id") String id, @Context Request request) {
        Task task = tasks.find(caller.userId(), taskId(id));
        EntityTag tag = EntityTags.of(task.getVersion());
        if (!EntityTags.ifMatch(headers.getRequestHeader(HttpHeaders.IF_MATCH)).accepts(task.getVersion())) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED, "The task has changed since you read it");
        }
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).cacheControl(revalidate()).build();
        }
        return Response.ok(TaskResponse.from(task)).tag(tag).cacheControl(revalidate()).build();
    }

    @Operation(operationId = "updateTask", summary = "Change a task (partial, like PATCH)", description = """
                Only the fields present change; `"due_date": null` clears the due date; at least one
                field must be present. With If-Match the change applies only if the task is still at
                that version (412 otherwise); without it, concurrent changes to different fields are
                all kept. A change that alters nothing keeps the version and updated_at.""")
    @Tag(ref = "Tasks")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(ref = "TaskChanges")))
    @APIResponse(responseCode = "200", description = "Updated, with the new ETag.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit"), @Header(name = "ETag", ref = "ETag")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "TaskUpdated")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "TaskForbidden")
    @APIResponse(responseCode = "404", ref = "TaskNotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@Parameter(ref = "TaskId") @PathParam("id") String id,
                            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = "IfMatch") List<String> ifMatch, ChangeTaskRequest body) {
        return update(id, ifMatch, body);
    }

    @Operation(operationId = "patchTask", summary = "Change a task (partial)", description = "The same as PUT; the body may also be sent as application/merge-patch+json (RFC 7396).")
    @Tag(ref = "Tasks")
    @SecurityRequirement(name = "bearer")
    @RequestBody(ref = "PatchTaskBody")
    @APIResponse(responseCode = "200", description = "Updated, with the new ETag.", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit"), @Header(name = "ETag", ref = "ETag")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "TaskUpdated")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "TaskForbidden")
    @APIResponse(responseCode = "404", ref = "TaskNotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "408", ref = "RequestTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, JsonRecordReader.MERGE_PATCH_JSON})
    public Response update(@Parameter(ref = "TaskId") @PathParam("id") String id,
                           @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = "IfMatch") List<String> ifMatch, ChangeTaskRequest body) {
        long taskId = taskId(id);
        TaskChanges changes = JsonRecordReader.required(body).changes();
        Task task = tasks.update(caller.userId(), taskId, changes, EntityTags.ifMatch(ifMatch));
        return Response.ok(new UpdateResponse("Task updated successfully", TaskResponse.from(task)))
                .tag(EntityTags.of(task.getVersion()))
                .build();
    }

    @Operation(operationId = "deleteTask", summary = "Delete a task")
    @Tag(ref = "Tasks")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", ref = "TaskDeleted")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "TaskForbidden")
    @APIResponse(responseCode = "404", ref = "TaskNotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @DELETE
    @Path("{id}")
    public DeleteResponse delete(@Parameter(ref = "TaskId") @PathParam("id") String id,
                                 @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = "IfMatch") List<String> ifMatch) {
        long taskId = taskId(id);
        tasks.delete(caller.userId(), taskId, EntityTags.ifMatch(ifMatch));
        return new DeleteResponse("Task with id " + taskId + " deleted");
    }

    @Operation(operationId = "deleteAllTasks", summary = "Delete every task of the caller")
    @Tag(ref = "Tasks")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "Deleted; `deleted` counts them (0 when there were none).", headers = {@Header(name = "RateLimit-Policy", ref = "RateLimit-Policy"), @Header(name = "RateLimit", ref = "RateLimit")}, content = @Content(mediaType = "application/json", schema = @Schema(ref = "DeleteAllTasksResult")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "TaskForbidden")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @DELETE
    public DeleteAllResponse deleteAll() {
        return new DeleteAllResponse("All tasks deleted", tasks.deleteAll(caller.userId()));
    }

    private static String createdBody(Task task) {
        return JsonFormat.toJson(new CreateResponse("Task created successfully", task.getId(), TaskResponse.from(task)));
    }

    private URI location(long taskId) {
        return uriInfo.getBaseUriBuilder().path(TasksResource.class).path(Long.toString(taskId)).build();
    }

    /** Ids are positive integers; anything else names no task. */
    private static long taskId(String id) {
        if (id.matches("[0-9]{1,18}")) {
            long parsed = Long.parseLong(id);
            if (parsed > 0) {
                return parsed;
            }
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "Task not found");
    }

    /** Personal data: caches may keep it only for this user and must ask again before reuse. */
    private static CacheControl revalidate() {
        CacheControl cacheControl = new CacheControl();
        cacheControl.setPrivate(true);
        cacheControl.setNoCache(true);
        cacheControl.setNoTransform(false);
        return cacheControl;
    }
}
