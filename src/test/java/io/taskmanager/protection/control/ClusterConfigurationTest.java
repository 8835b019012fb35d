package io.taskmanager.protection.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConfigurationTest {

    private static String written(String members, String dnsQuery) throws Exception {
        return Files.readString(Path.of(ClusterConfiguration.write(members, dnsQuery, "10.0.0.5", 7800, Duration.ofMinutes(15))));
    }

    @Test
    void aMemberListBecomesTcpPing() throws Exception {
        String xml = written("tasks-1[7800], 10.0.0.6[7800]", " ");
        assertTrue(xml.contains("<TCPPING initial_hosts=\"tasks-1[7800],10.0.0.6[7800]\""), xml);
        assertTrue(xml.contains("<TCP bind_addr=\"10.0.0.5\" bind_port=\"7800\""), xml);
        assertTrue(xml.contains("<replicated-cache name=\"ip-bans\" mode=\"SYNC\">") && xml.contains("lifespan=\"900000\""), xml);
    }

    @Test
    void aDnsQueryBecomesDnsPing() throws Exception {
        String xml = written(" ", "tasks.internal");
        assertTrue(xml.contains("<dns.DNS_PING dns_query=\"tasks.internal\""), xml);
    }

    @Test
    void somethingThatWouldBreakTheXmlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> written("a\"/><x y=\"[1]", " "));
        assertThrows(IllegalArgumentException.class, () -> written("host-without-port", " "));
        assertThrows(IllegalArgumentException.class, () -> written(" ", "a\"b"));
    }
}
