package io.taskmanager.protection.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.protection.control.ClientAddresses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Decides the client of every API request first, before anything else looks at the request,
 * and leaves it as a request property for the limits and bans that follow: the IPv4 address,
 * or the IPv6 address's network (ClientAddresses#clientOf).
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(RequestFilters.CLIENT_ADDRESS)
public class ClientAddress implements ContainerRequestFilter {

    static final String PROPERTY = "taskmanager.client-address";

    @Inject
    ClientAddresses clientAddresses;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PROPERTY, clientAddresses.clientOf(clientAddresses.of(servletRequest)));
    }

    /** The client {@link ClientAddress} decided for this request: an IPv4 address or an IPv6 network. */
    public static String of(ContainerRequestContext request) {
        Object address = request.getProperty(PROPERTY);
        return address == null ? "unknown" : address.toString();
    }
}
