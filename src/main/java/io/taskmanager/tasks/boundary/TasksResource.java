package io.taskmanager.tasks.boundary;

import io.taskmanager.accounts.boundary.Caller;
import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.JsonBody;
import io.taskmanager.platform.JsonFormat;
import io.taskmanager.platform.JsonRecordReader;
import io.taskmanager.tasks.control.CreatedTask;
import io.taskmanager.tasks.control.TaskPage;
import io.taskmanager.tasks.control.TaskService;
import io.taskmanager.tasks.entity.Task;
import io.taskmanager.tasks.entity.TaskChanges;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** The caller's own tasks. Another user's task does not exist here: 404, never 403. */
@Path("tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AccessTokens.USER_GROUP)
@RequestScoped
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonBody body) {
        TaskChanges fields = TaskFields.forCreate(body);
        Optional<TaskService.IdempotentRequest> idempotency = IdempotencyKey.of(headers.getRequestHeader(IDEMPOTENCY_KEY), body.object());
        CreatedTask created = tasks.create(caller.userId(), fields, idempotency, TasksResource::createdBody);
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

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context Request request) {
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

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, JsonBody body) {
        return update(id, body);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, JsonRecordReader.MERGE_PATCH_JSON})
    public Response update(@PathParam("id") String id, JsonBody body) {
        long taskId = taskId(id);
        TaskChanges changes = TaskFields.forUpdate(body);
        Task task = tasks.update(caller.userId(), taskId, changes, EntityTags.ifMatch(headers.getRequestHeader(HttpHeaders.IF_MATCH)));
        return Response.ok(new UpdateResponse("Task updated successfully", TaskResponse.from(task)))
                .tag(EntityTags.of(task.getVersion()))
                .build();
    }

    @DELETE
    @Path("{id}")
    public DeleteResponse delete(@PathParam("id") String id) {
        long taskId = taskId(id);
        tasks.delete(caller.userId(), taskId, EntityTags.ifMatch(headers.getRequestHeader(HttpHeaders.IF_MATCH)));
        return new DeleteResponse("Task with id " + taskId + " deleted");
    }

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
