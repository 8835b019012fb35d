package io.taskmanager.protection.boundary;

import io.taskmanager.platform.Roles;
import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.ErrorCode;
import io.taskmanager.protection.boundary.RequiresRole;
import io.taskmanager.protection.control.AddressRange;
import io.taskmanager.protection.control.ClientAddresses;
import io.taskmanager.protection.control.IpBans;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Administrators see the active bans and lift them. */
@Path("admin/bans")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Roles.ADMIN)
@RequestScoped
public class BansResource {

    @Inject
    IpBans bans;

    @Inject
    ClientAddresses clientAddresses;

    @JsonbPropertyOrder({"ip", "since", "until", "reason"})
    public record BanResponse(String ip, String since, String until, String reason) {
    }

    public record BanList(List<BanResponse> bans) {
    }

    @Operation(operationId = "listBans", summary = "Active IP bans (administrators)", description = """
                Administrators are the usernames in `taskmanager.admin.usernames`; their tokens carry
                the group `admin`. A client address that collects `taskmanager.ban.threshold` (5)
                rate-limit rejections within `taskmanager.ban.window` (10 minutes) is banned for
                `taskmanager.ban.duration` (15 minutes): every API request from it is 403 IP_BANNED
                with Retry-After, answered before any other work. Bans and buckets live in Infinispan
                caches replicated across the instances of a cluster, so every instance enforces them.""")
    @Tag(ref = "Operations")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "The bans in force, oldest first.", content = @Content(mediaType = "application/json", schema = @Schema(ref = "ListBansResult")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @GET
    public BanList list() {
        return new BanList(bans.list().stream()
                .map(ban -> new BanResponse(ban.ip(), ban.since().toString(), ban.until().toString(), ban.reason()))
                .toList());
    }

    @Operation(operationId = "liftBan", summary = "Lift one IP ban (administrators)")
    @Tag(ref = "Operations")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "204", description = "Lifted.")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", description = "NOT_FOUND; that address is not banned (or is not an address).", content = {@Content(mediaType = "application/json", schema = @Schema(ref = "ErrorEnvelope")), @Content(mediaType = "application/problem+json", schema = @Schema(ref = "ProblemDetails"))})
    @APIResponse(responseCode = "500", ref = "InternalError")
    @DELETE
    @Path("{ip}")
    public Response lift(@Parameter(ref = "BannedAddress") @PathParam("ip") String ip) {
        // the form the bans are kept under: the IPv4 address, or the network of an IPv6 one
        String canonical = AddressRange.literal(ip).map(address -> clientAddresses.clientOf(address.getHostAddress()))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No ban for this address"));
        if (!bans.lift(canonical)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No ban for this address");
        }
        return Response.noContent().build();
    }
}
