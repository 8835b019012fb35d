package io.taskmanager.protection.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.errors.ApiException;
import io.taskmanager.platform.BodyTooLargeException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.platform.BoundedInputStream;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses bodies over {@code taskmanager.request.max-bytes} with 413 before they are read:
 * an announced Content-Length is judged at once, and any other body is read through a
 * stream that stops at the limit, so a 100 MiB upload never sits in memory.
 */
@Provider
@PreMatching
@ApplicationScoped
// after the ban check: a banned address is turned away before its body is looked at
@Priority(RequestFilters.REQUEST_SIZE_LIMIT)
public class RequestSizeLimit implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "taskmanager.request.max-bytes", defaultValue = "2097152")
    long maxBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        String announced = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (announced != null && !announced.isBlank()) {
            long length;
            try {
                length = Long.parseLong(announced.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Invalid Content-Length");
            }
            if (length > maxBytes) {
                throw ApiException.bodyTooLarge(maxBytes);
            }
        }
        request.setEntityStream(new BoundedInputStream(request.getEntityStream(), maxBytes));
    }
}
