package io.taskmanager.errors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Rewrites a JAX-RS error into an RFC 9457 problem object when the client asks for one; the
 * mappers build every error as the envelope, so this is the one place that knows both forms.
 */
@Provider
public class ProblemDetailsResponses implements ContainerResponseFilter {

    private static final MediaType PROBLEM = MediaType.valueOf(ProblemDetails.CONTENT_TYPE);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && response.getEntity() instanceof String body && body.startsWith("{\"errors\":")
            && ProblemDetails.wanted(request.getHeaderString(HttpHeaders.ACCEPT))) {
            response.setEntity(ProblemDetails.fromEnvelope(body), response.getEntityAnnotations(), PROBLEM);
        }
    }
}
