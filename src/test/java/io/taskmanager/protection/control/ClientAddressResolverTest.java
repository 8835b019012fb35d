package io.taskmanager.protection.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressResolverTest {

    private final ClientAddressResolver defaults = ClientAddressResolver.trusting("127.0.0.1/32,::1/128");
    private final ClientAddressResolver behindBalancer = ClientAddressResolver.trusting("127.0.0.1/32, 10.0.0.0/8, fd00::/8");

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertEquals("203.0.113.9", defaults.resolve("203.0.113.9", List.of("198.51.100.1")));
        assertEquals("203.0.113.9", behindBalancer.resolve("203.0.113.9", List.of("10.0.0.1, 127.0.0.1")));
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
        assertEquals("198.51.100.7", behindBalancer.resolve("10.1.2.3", List.of("6.6.6.6, 198.51.100.7, 10.9.9.9")));
        assertEquals("198.51.100.7", behindBalancer.resolve("10.1.2.3", List.of("6.6.6.6", "198.51.100.7", "10.9.9.9")));
        assertEquals("2001:db8:0:0:0:0:0:1", behindBalancer.resolve("fd00::5", List.of("2001:db8::1")));
        assertEquals("192.0.2.1", defaults.resolve("::1", List.of("[192.0.2.1]")));
    }

    @Test
    void aTrustedPeerWithoutAHeaderIsItselfTheClient() {
        assertEquals("127.0.0.1", defaults.resolve("127.0.0.1", List.of()));
        // every hop trusted: the left-most one is as far as the chain can be believed
        assertEquals("10.0.0.3", behindBalancer.resolve("10.0.0.4", List.of("10.0.0.3, 10.0.0.2")));
    }

    @Test
    void garbageStopsTheWalkAtTheLastHopThatWasAnAddress() {
        assertEquals("10.0.0.2", behindBalancer.resolve("10.0.0.1", List.of("198.51.100.7, evil.example.com, 10.0.0.2")));
        assertEquals("127.0.0.1", defaults.resolve("127.0.0.1", List.of("unknown")));
        assertEquals("127.0.0.1", defaults.resolve("127.0.0.1", List.of("")));
        // a host name is never looked up
        assertEquals("127.0.0.1", defaults.resolve("127.0.0.1", List.of("localhost")));
    }

    @Test
    void rangesMatchByPrefix() {
        AddressRange tens = AddressRange.parse("10.0.0.0/8");
        assertTrue(tens.contains(AddressRange.literal("10.255.1.2").orElseThrow()));
        assertFalse(tens.contains(AddressRange.literal("11.0.0.1").orElseThrow()));
        AddressRange odd = AddressRange.parse("192.168.0.0/23");
        assertTrue(odd.contains(AddressRange.literal("192.168.1.255").orElseThrow()));
        assertFalse(odd.contains(AddressRange.literal("192.168.2.0").orElseThrow()));
        // an IPv4-mapped IPv6 peer is its IPv4 address
        assertTrue(tens.contains(AddressRange.literal("::ffff:10.0.0.1").orElseThrow()));
        assertTrue(AddressRange.parse("::1/128").contains(AddressRange.literal("0:0:0:0:0:0:0:1").orElseThrow()));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(AddressRange.literal("8.8.8.8").orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/8", "example.com/8", "::1/129", "10.0.0.0/x", "256.0.0.1"})
    void aBadRangeIsRefusedAtStart(String cidr) {
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(cidr));
    }
}
