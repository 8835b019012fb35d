package io.taskmanager.protection.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client address of a request, decided once per request and kept on it: the abuse
 * protection and the request log must name the same client, and both ask.
 */
@ApplicationScoped
public class ClientAddresses {

    private static final String ATTRIBUTE = ClientAddresses.class.getName();

    @Inject
    @ConfigProperty(name = "taskmanager.http.trusted-proxies", defaultValue = "127.0.0.1/32,::1/128")
    String trustedProxies;

    private ClientAddressResolver resolver;

    @PostConstruct
    void readTrustedProxies() {
        resolver = ClientAddressResolver.trusting(trustedProxies);
    }

    public String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String known) {
            return known;
        }
        String address = resolver.resolve(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
        request.setAttribute(ATTRIBUTE, address);
        return address;
    }
}
