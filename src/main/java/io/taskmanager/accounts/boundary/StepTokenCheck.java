package io.taskmanager.accounts.boundary;

import io.taskmanager.platform.RequestFilters;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a reset step called without its own kind of token (an access token, the other
 * step's token, or none) with 401 before the body is read, so the answer does not depend on
 * what the body holds.
 */
@Provider
public class StepTokenCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        RequiresStepToken required = resourceInfo.getResourceMethod().getAnnotation(RequiresStepToken.class);
        if (required != null) {
            context.register(new Filter(required));
        }
    }

    // after the rate limiter (AUTHORIZATION), which counts every call to an auth route
    @Priority(RequestFilters.STEP_TOKEN_CHECK)
    static final class Filter implements ContainerRequestFilter {

        private final RequiresStepToken required;
        private volatile Caller caller;

        Filter(RequiresStepToken required) {
            this.required = required;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (caller == null) {
                caller = CDI.current().select(Caller.class).get();
            }
            caller.stepRequestId(required.value(), required.message());
        }
    }
}
