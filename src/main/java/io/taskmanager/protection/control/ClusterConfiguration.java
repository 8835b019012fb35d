package io.taskmanager.protection.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The Infinispan configuration of a clustered instance: JGroups over TCP on one address and
 * port, members found from a fixed list (TCPPING) or from DNS (DNS_PING), and both
 * protection caches replicated synchronously, so a bucket or a ban written on one instance
 * is read by the next request on any other.
 */
final class ClusterConfiguration {

    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.:\\-]+\\[\\d{1,5}]");

    private ClusterConfiguration() {
    }

    /**
     * Writes the configuration to a private temporary file and returns its URI. Members come
     * from {@code members} (host[port],...) or, when {@code dnsQuery} is given, from DNS
     * (JGroups DNS_PING: every A record of that name is a member, as a headless service or a
     * compose service name provides).
     */
    static URI write(String members, String dnsQuery, String bindAddress, int bindPort, Duration banDuration) {
        String discovery;
        if (!dnsQuery.isBlank()) {
            if (!dnsQuery.strip().matches("[A-Za-z0-9.\\-]+")) {
                throw new IllegalArgumentException("taskmanager.cluster.dns-query: not a DNS name: " + dnsQuery);
            }
            discovery = "<dns.DNS_PING dns_query=\"" + dnsQuery.strip() + "\" stack.combine=\"REPLACE\" stack.position=\"MPING\"/>";
        } else {
            discovery = "<TCPPING initial_hosts=\"" + initialHosts(members) + "\" port_range=\"0\" stack.combine=\"REPLACE\" stack.position=\"MPING\"/>";
        }
        return write(discovery, bindAddress, bindPort, banDuration);
    }

    private static String initialHosts(String members) {
        StringBuilder initialHosts = new StringBuilder();
        for (String member : members.split(",")) {
            String trimmed = member.strip();
            if (!MEMBER.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("taskmanager.cluster.members: not host[port]: " + trimmed);
            }
            initialHosts.append(initialHosts.length() == 0 ? "" : ",").append(trimmed);
        }
        return initialHosts.toString();
    }

    private static URI write(String discovery, String bindAddress, int bindPort, Duration banDuration) {
        if (!bindAddress.matches("[A-Za-z0-9.:\\-]+")) {
            throw new IllegalArgumentException("taskmanager.cluster.bind-address: " + bindAddress);
        }
        String xml = """
                <infinispan xmlns="urn:infinispan:config:16.0">
                  <jgroups>
                    <stack name="task-manager" extends="tcp">
                      <TCP bind_addr="%s" bind_port="%d" port_range="0"/>
                      %s
                      <!-- its port is bind_port + 50000, which does not exist for high ports; FD_ALL3 still detects failures -->
                      <FD_SOCK2 stack.combine="REMOVE"/>
                    </stack>
                  </jgroups>
                  <cache-container name="task-manager">
                    <transport cluster="task-manager" stack="task-manager"/>
                    <serialization marshaller="org.infinispan.commons.marshall.JavaSerializationMarshaller">
                      <allow-list>
                        <regex>io\\.github\\.bucket4j\\..*</regex>
                        <regex>java\\.lang\\..*</regex>
                        <regex>java\\.util\\..*</regex>
                        <regex>\\[B</regex>
                      </allow-list>
                    </serialization>
                    <replicated-cache name="%s" mode="SYNC">
                      <expiration max-idle="%d"/>
                    </replicated-cache>
                    <replicated-cache name="%s" mode="SYNC">
                      <expiration lifespan="%d"/>
                    </replicated-cache>
                  </cache-container>
                </infinispan>
                """.formatted(bindAddress, bindPort, discovery, ProtectionCaches.BUCKETS, Duration.ofMinutes(20).toMillis(),
                ProtectionCaches.BANS, banDuration.toMillis());
        try {
            Path file = Files.createTempFile("task-manager-infinispan-", ".xml");
            file.toFile().deleteOnExit();
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            return file.toUri();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
