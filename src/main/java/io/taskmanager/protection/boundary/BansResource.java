package io.taskmanager.protection.boundary;

import io.taskmanager.accounts.control.AccessTokens;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.protection.control.AddressRange;
import io.taskmanager.protection.control.IpBans;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.util.List;

/** Administrators see the active bans and lift them. */
@Path("admin/bans")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AccessTokens.ADMIN_GROUP)
@RequestScoped
public class BansResource {

    @Inject
    IpBans bans;

    @JsonbPropertyOrder({"ip", "since", "until", "reason"})
    public record BanResponse(String ip, String since, String until, String reason) {
    }

    public record BanList(List<BanResponse> bans) {
    }

    @GET
    public BanList list() {
        return new BanList(bans.list().stream()
                .map(ban -> new BanResponse(ban.ip(), ban.since().toString(), ban.until().toString(), ban.reason()))
                .toList());
    }

    @DELETE
    @Path("{ip}")
    public Response lift(@PathParam("ip") String ip) {
        // the same canonical form the bans are kept under
        String canonical = AddressRange.literal(ip).map(InetAddress::getHostAddress)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No ban for this address"));
        if (!bans.lift(canonical)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No ban for this address");
        }
        return Response.noContent().build();
    }
}
