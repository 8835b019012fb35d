package io.taskmanager.errors;

import io.taskmanager.platform.RequestFilters;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * A client whose Accept names {@code application/problem+json} and nothing JSON satisfies gets
 * the real answer, never a 406 in its place (API.md). JAX-RS would refuse such a request when it
 * matches a resource, before any check that finds the real error runs; so JSON is added to its
 * Accept at the lowest weight, before matching. Its errors still come as problem objects
 * ({@link ProblemDetails#wanted} prefers them), and a success comes as the JSON it is: RFC 9110
 * (12.5.1) lets a server disregard Accept instead of answering 406, and a 406 after a create or
 * an update would hide that the change was made.
 */
@Provider
@PreMatching
// before everything else, so no filter that follows sees the client's original Accept
@Priority(RequestFilters.PROBLEM_ONLY_CLIENTS)
public class ProblemOnlyClients implements ContainerRequestFilter {

    static final String JSON_AS_A_LAST_RESORT = MediaType.APPLICATION_JSON + ";q=0.001";

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (ProblemDetails.onlyProblems(accept)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", " + JSON_AS_A_LAST_RESORT);
        }
    }
}
