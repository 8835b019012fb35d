package io.taskmanager.protection.control;

import jakarta.annotation.PostConstruct;
import io.taskmanager.platform.StartupChecks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
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

    @Inject
    @ConfigProperty(name = "taskmanager.http.ipv6-prefix", defaultValue = "64")
    int ipv6Prefix;

    private ClientAddressResolver resolver;

    /** Reads the settings while the application starts, so a bad one refuses the start, not a request. */
    void readAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // being called constructs the bean, and its @PostConstruct checks the settings
    }

    @PostConstruct
    void readSettings() {
        resolver = ClientAddressResolver.trusting(trustedProxies);
        if (ipv6Prefix < 32 || ipv6Prefix > 128) {
            throw StartupChecks.refuse("taskmanager.http.ipv6-prefix (env TASKMANAGER_HTTP_IPV6_PREFIX) must be 32 to 128, not "
                    + ipv6Prefix);
        }
    }

    /**
     * The client that limits and bans count: an IPv4 address as it is, an IPv6 address as its
     * network of {@code taskmanager.http.ipv6-prefix} bits (64: one host is routinely given a
     * whole /64, so counting single addresses would let it change its address at every request).
     */
    public String clientOf(String address) {
        return AddressRange.literal(address)
                .map(literal -> literal instanceof Inet6Address ? AddressRange.around(literal, ipv6Prefix).toString()
                        : literal.getHostAddress())
                .orElse(address);
    }

    /** The address the request comes from, as the request log shows it. */
    public String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String known) {
            return known;
        }
        String address = resolver.resolve(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
        request.setAttribute(ATTRIBUTE, address);
        return address;
    }
}
