package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.IdentityProvider;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.RequestFilters;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Turns the {@link LocalPasswords} routes off when the operator set
 * {@code taskmanager.oidc.local-login=false}: 403 FORBIDDEN, not 404, because the route exists
 * and a client should learn that sign-in moved to the identity provider rather than that it
 * typed a wrong path. Read once at deployment, like every setting a restart applies.
 */
@Provider
public class LocalPasswordsSwitch implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        if (resourceInfo.getResourceMethod().isAnnotationPresent(LocalPasswords.class)
                && !ConfigProvider.getConfig().getOptionalValue(IdentityProvider.LOCAL_LOGIN, Boolean.class).orElse(true)) {
            context.register(new TurnedOff());
        }
    }

    @Priority(RequestFilters.LOCAL_PASSWORDS)
    static final class TurnedOff implements ContainerRequestFilter {

        @Override
        public void filter(ContainerRequestContext request) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Local passwords are turned off",
                    "Sign in through the organisation's identity provider and send its access token as the bearer token", null, null);
        }
    }
}
