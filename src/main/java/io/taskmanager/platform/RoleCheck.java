package io.taskmanager.platform;

import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Enforces {@code @RolesAllowed} on resource methods the same way on every server: no
 * authenticated caller is 401, a caller without the role is 403. WildFly skips these
 * annotations on CDI resources unless told otherwise, and Payara and WildFly disagree
 * on the status for an anonymous caller.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> resource = resourceInfo.getResourceClass();
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new Filter(new String[0]));
        } else if (method.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Filter(method.getAnnotation(RolesAllowed.class).value()));
        } else if (method.isAnnotationPresent(PermitAll.class)) {
            return;
        } else if (resource.isAnnotationPresent(DenyAll.class)) {
            context.register(new Filter(new String[0]));
        } else if (resource.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Filter(resource.getAnnotation(RolesAllowed.class).value()));
        }
    }

    @Priority(Priorities.AUTHORIZATION - 1)
    static final class Filter implements ContainerRequestFilter {

        private final String[] roles;

        Filter(String[] roles) {
            this.roles = roles.clone();
        }

        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext security = request.getSecurityContext();
            if (security == null || security.getUserPrincipal() == null) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
            }
            for (String role : roles) {
                if (security.isUserInRole(role)) {
                    return;
                }
            }
            throw new ApiException(ErrorCode.FORBIDDEN);
        }
    }
}
