package io.taskmanager.protection.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Enforces {@link RequiresRole} (and {@code @PermitAll}, {@code @DenyAll}) on resource methods,
 * the same way on every server: no authenticated caller (no token, or a token that is no
 * access token) is 401, a caller without the role is 403.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        requiredRoles(resourceInfo).ifPresent(roles -> context.register(new Filter(roles)));
    }

    /**
     * The roles a resource method admits (none for {@code @DenyAll}); empty where it is open to
     * anyone. The method's annotation wins over its class's.
     */
    public static Optional<String[]> requiredRoles(ResourceInfo resourceInfo) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> resource = resourceInfo.getResourceClass();
        if (method.isAnnotationPresent(DenyAll.class)) {
            return Optional.of(new String[0]);
        } else if (method.isAnnotationPresent(RequiresRole.class)) {
            return Optional.of(method.getAnnotation(RequiresRole.class).value());
        } else if (method.isAnnotationPresent(PermitAll.class)) {
            return Optional.empty();
        } else if (resource.isAnnotationPresent(DenyAll.class)) {
            return Optional.of(new String[0]);
        } else if (resource.isAnnotationPresent(RequiresRole.class)) {
            return Optional.of(resource.getAnnotation(RequiresRole.class).value());
        }
        return Optional.empty();
    }

    @Priority(RequestFilters.ROLE_CHECK)
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
