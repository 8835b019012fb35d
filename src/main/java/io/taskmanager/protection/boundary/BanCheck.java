package io.taskmanager.protection.boundary;

import io.taskmanager.platform.RequestFilters;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.protection.control.IpBans;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A banned client address gets 403 IP_BANNED on every API request, before anything else runs. */
@Provider
@PreMatching
@ApplicationScoped
@Priority(RequestFilters.BAN_CHECK)
public class BanCheck implements ContainerRequestFilter {

    @Inject
    IpBans bans;

    @Override
    public void filter(ContainerRequestContext request) {
        bans.active(ClientAddress.of(request)).ifPresent(ban -> {
            long retryAfter = Math.max(1, Duration.between(Instant.now(), ban.until()).toSeconds() + 1);
            throw new ApiException(ErrorCode.IP_BANNED, "This address is temporarily banned", ban.reason(),
                    Map.of("until", ban.until().toString()), Map.of("Retry-After", Long.toString(retryAfter)));
        });
    }
}
