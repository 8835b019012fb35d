package io.taskmanager.protection.control;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who the client is: the TCP peer, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For address that is not a trusted proxy. Proxies append to the right, so the
 * entries left of the first untrusted one are the client's own words and never count.
 */
public final class ClientAddressResolver {

    private final List<AddressRange> trustedProxies;

    public ClientAddressResolver(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** Reads a comma-separated CIDR list, as {@code taskmanager.http.trusted-proxies} holds it. */
    public static ClientAddressResolver trusting(String cidrList) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String cidr : cidrList.split(",")) {
            if (!cidr.isBlank()) {
                ranges.add(AddressRange.parse(cidr));
            }
        }
        return new ClientAddressResolver(ranges);
    }

    /**
     * @param peer           the address the connection comes from
     * @param forwardedFor   every X-Forwarded-For header value, in order (may be empty)
     */
    public String resolve(String peer, List<String> forwardedFor) {
        Optional<InetAddress> peerAddress = AddressRange.literal(peer);
        if (peerAddress.isEmpty() || !trusted(peerAddress.get())) {
            return peerAddress.map(InetAddress::getHostAddress).orElse(peer);
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        InetAddress client = peerAddress.get();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressRange.literal(hops.get(i));
            if (hop.isEmpty()) {
                // garbage where a proxy would have written an address: trust nothing further left
                break;
            }
            client = hop.get();
            if (!trusted(client)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    private boolean trusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
