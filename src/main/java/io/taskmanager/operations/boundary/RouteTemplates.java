package io.taskmanager.operations.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.TaskManagerApplication;
import io.taskmanager.platform.ObservedRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tells the request being observed which route template JAX-RS matched, such as
 * {@code /api/tasks/{id}}: metrics and log lines group by it, so raw paths (unbounded, and
 * the client's to choose) never become series or log fields. First of the filters that run
 * after matching, so a request refused by the role check or a rate limit has its route too.
 */
@Provider
@ApplicationScoped
@Priority(RequestFilters.ROUTE_TEMPLATE)
public class RouteTemplates implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    private final ConcurrentMap<Method, String> templates = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> resourceClass = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        // the runtime's own OPTIONS answer has no route of ours
        if (resourceClass == null || method == null || !resourceClass.isAnnotationPresent(Path.class)) {
            return;
        }
        ObservedRequest.current().ifPresent(observed -> observed.route(templates.computeIfAbsent(method,
                m -> template(resourceClass.getAnnotation(Path.class), m.getAnnotation(Path.class)))));
    }

    static String template(Path resourcePath, Path methodPath) {
        StringBuilder template = new StringBuilder(TaskManagerApplication.PATH);
        for (Path path : new Path[] {resourcePath, methodPath}) {
            if (path == null) {
                continue;
            }
            String segment = path.value().replaceAll("^/+|/+$", "");
            if (!segment.isEmpty()) {
                template.append('/').append(segment);
            }
        }
        return template.toString();
    }
}
