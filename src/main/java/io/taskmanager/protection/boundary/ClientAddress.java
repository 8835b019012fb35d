package io.taskmanager.protection.boundary;

import io.taskmanager.protection.control.ClientAddressResolver;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides the client address of every API request first, before anything else looks at
 * the request, and leaves it as a request property for the limits and bans that follow.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(ClientAddress.PRIORITY)
public class ClientAddress implements ContainerRequestFilter {

    /** Before the size limit, the ban check and the rate limits. */
    public static final int PRIORITY = 100;
    static final String PROPERTY = "taskmanager.client-address";

    @Inject
    @ConfigProperty(name = "taskmanager.http.trusted-proxies", defaultValue = "127.0.0.1/32,::1/128")
    String trustedProxies;

    @Context
    HttpServletRequest servletRequest;

    private ClientAddressResolver resolver;

    @PostConstruct
    void readTrustedProxies() {
        resolver = ClientAddressResolver.trusting(trustedProxies);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> forwardedFor = request.getHeaders().getOrDefault("X-Forwarded-For", List.of());
        request.setProperty(PROPERTY, resolver.resolve(servletRequest.getRemoteAddr(), forwardedFor));
    }

    /** The address {@link ClientAddress} decided for this request. */
    public static String of(ContainerRequestContext request) {
        Object address = request.getProperty(PROPERTY);
        return address == null ? "unknown" : address.toString();
    }
}
