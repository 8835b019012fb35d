package io.taskmanager.protection.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The network around an address, as limits and bans name an IPv6 client. */
class AddressRangeTest {

    @ParameterizedTest
    @CsvSource({
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 64,  2001:db8:1:2::/64",
        "2001:db8:1:2::1,                  64,  2001:db8:1:2::/64",
        "2001:0db8:0000:0000:0001::1,      64,  2001:db8::/64",
        "2001:db8:0:1:0:0:0:1,             128, 2001:db8:0:1::1/128",
        "2001:db8:0:0:1:0:0:1,             128, 2001:db8::1:0:0:1/128",
        "::1,                              128, ::1/128",
        "fe80::1:2:3:4,                    48,  fe80::/48",
        "2001:db8:ab:cdef:1::,             56,  2001:db8:ab:cd00::/56",
        "198.51.100.7,                     24,  198.51.100.0/24",
        "1:2:3:4:5:6:7:8,                  128, 1:2:3:4:5:6:7:8/128",
        "1:0:0:2:0:0:0:3,                  128, 1:0:0:2::3/128",
    })
    void theNetworkAroundAnAddressInRfc5952Form(String address, int prefix, String network) throws Exception {
        assertEquals(network, AddressRange.around(InetAddress.getByName(address), prefix).toString());
    }

    @ParameterizedTest
    @CsvSource({"2001:db8::1, 129", "2001:db8::1, -1", "198.51.100.7, 33"})
    void aPrefixLongerThanTheAddressIsRefused(String address, int prefix) {
        assertThrows(IllegalArgumentException.class, () -> AddressRange.around(InetAddress.getByName(address), prefix));
    }

    @ParameterizedTest
    @CsvSource({"2001:db8:1:2::/64, 2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64, 2001:db8:1:2::"})
    void theNetworkHoldsEveryAddressOfIt(String network, String member) throws Exception {
        assertEquals(true, AddressRange.parse(network).contains(InetAddress.getByName(member)));
    }
}
