package io.taskmanager.protection.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The Infinispan configuration of a clustered instance: JGroups over TCP on one address and
 * port, members found from a fixed list (TCPPING) or from DNS (DNS_PING), and both
 * protection caches ({@link CacheDefinitions}) replicated synchronously, so a bucket or a ban
 * written on one instance is read by the next request on any other.
 *
 * <p>Only members that hold the cluster secret take part. SYM_ENCRYPT encrypts and
 * authenticates every message above discovery with ChaCha20-Poly1305 under a key derived from
 * the secret ({@link ClusterSecret}), a fresh random 96-bit nonce each; SERIALIZE above it puts
 * the headers of the protocols above (membership, retransmission) inside the encrypted payload
 * too, since SYM_ENCRYPT alone leaves headers in the clear. A host without the key can still
 * see who answers discovery, but its join request, its merge attempts and anything it sends to
 * a cache fail the authentication tag and are dropped. (JGroups' AES default is CBC, which
 * authenticates nothing; its AUTH tokens in 5.x are X.509, Kerberos or a fixed address list,
 * none of them a shared secret, and with every message authenticated they would add nothing.)
 *
 * <p>Values travel as ProtoStream (Infinispan's default marshaller), never as Java
 * serialization: strings, byte arrays and the one message {@link ProtectionSchema} declares.
 */
final class ClusterConfiguration {

    private static final String KEY_ALIAS = "cluster";
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.:\\-]+\\[\\d{1,5}]");

    private ClusterConfiguration() {
    }

    /**
     * Writes the configuration to a private temporary file and returns its URI. Members come
     * from {@code members} (host[port],...) or, when {@code dnsQuery} is given, from DNS
     * (JGroups DNS_PING: every A record of that name is a member, as a headless service or a
     * compose service name provides).
     */
    static URI write(String members, String dnsQuery, String bindAddress, int bindPort, Duration banDuration, int maxClients,
                     ClusterSecret secret) {
        String discovery;
        if (!dnsQuery.isBlank()) {
            if (!dnsQuery.strip().matches("[A-Za-z0-9.\\-]+")) {
                throw new IllegalArgumentException("taskmanager.cluster.dns-query: not a DNS name: " + dnsQuery);
            }
            discovery = "<dns.DNS_PING dns_query=\"" + dnsQuery.strip() + "\" stack.combine=\"REPLACE\" stack.position=\"MPING\"/>";
        } else {
            discovery = "<TCPPING initial_hosts=\"" + initialHosts(members) + "\" port_range=\"0\" stack.combine=\"REPLACE\" stack.position=\"MPING\"/>";
        }
        return write(discovery, bindAddress, bindPort, banDuration, maxClients, secret);
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

    private static URI write(String discovery, String bindAddress, int bindPort, Duration banDuration, int maxClients, ClusterSecret secret) {
        if (!bindAddress.matches("[A-Za-z0-9.:\\-]+")) {
            throw new IllegalArgumentException("taskmanager.cluster.bind-address: " + bindAddress);
        }
        // the keystore only carries the derived key to SYM_ENCRYPT; its password lives as long as this process
        String password = randomPassword();
        Path keystore = keystore(secret, password);
        String xml = """
                <infinispan xmlns="urn:infinispan:config:16.0">
                  <jgroups>
                    <stack name="task-manager" extends="tcp">
                      <TCP bind_addr="%s" bind_port="%d" port_range="0"/>
                      %s
                      <!-- its port is bind_port + 50000, which does not exist for high ports; FD_ALL3 still detects failures -->
                      <FD_SOCK2 stack.combine="REMOVE"/>
                      <SYM_ENCRYPT sym_algorithm="%s" sym_iv_length="12"
                                   keystore_name="%s" keystore_type="JCEKS" alias="%s"
                                   store_password="%s" key_password="%s"
                                   stack.combine="INSERT_AFTER" stack.position="VERIFY_SUSPECT2"/>
                      <SERIALIZE stack.combine="INSERT_AFTER" stack.position="SYM_ENCRYPT"/>
                    </stack>
                  </jgroups>
                  <cache-container name="task-manager">
                    <transport cluster="task-manager" stack="task-manager"/>
                    <serialization marshaller="org.infinispan.commons.marshall.ProtoStreamMarshaller">
                      <context-initializer class="%s"/>
                    </serialization>
                %s  </cache-container>
                </infinispan>
                """.formatted(bindAddress, bindPort, discovery, ClusterSecret.CIPHER, xmlAttribute(keystore.toString()), KEY_ALIAS, password, password,
                ProtectionSchema.class.getName(), CacheDefinitions.caches("replicated-cache", " mode=\"SYNC\"", banDuration, maxClients));
        return CacheDefinitions.temporaryFile("task-manager-infinispan-", xml);
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    private static String randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A private file holding the derived key: SYM_ENCRYPT reads its key only from a keystore. JCEKS, as PKCS12 cannot hold a ChaCha20 key. */
    private static Path keystore(ClusterSecret secret, String password) {
        try {
            KeyStore store = KeyStore.getInstance("JCEKS");
            store.load(null, null);
            store.setEntry(KEY_ALIAS, new KeyStore.SecretKeyEntry(secret.encryptionKey()), new KeyStore.PasswordProtection(password.toCharArray()));
            Path file = Files.createTempFile("task-manager-cluster-", ".jceks");
            file.toFile().deleteOnExit();
            try (var out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the cluster key", e);
        }
    }
}
