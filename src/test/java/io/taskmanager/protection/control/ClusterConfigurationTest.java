package io.taskmanager.protection.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ClusterConfigurationTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static String written(String members, String dnsQuery) throws Exception {
        return Files.readString(Path.of(ClusterConfiguration.write(members, dnsQuery, "10.0.0.5", 7800, Duration.ofMinutes(15),
                2500, ClusterSecret.of(SECRET))));
    }

    @Test
    void aMemberListBecomesTcpPing() throws Exception {
        String xml = written("tasks-1[7800], 10.0.0.6[7800]", " ");
        assertTrue(xml.contains("<TCPPING initial_hosts=\"tasks-1[7800],10.0.0.6[7800]\""), xml);
        assertTrue(xml.contains("<TCP bind_addr=\"10.0.0.5\" bind_port=\"7800\""), xml);
        assertTrue(xml.contains("<replicated-cache name=\"ip-bans\" mode=\"SYNC\">") && xml.contains("lifespan=\"900000\""), xml);
    }

    /** Infinispan evicts per instance, so entries replicated from the other members count towards this one's bound too. */
    @Test
    void bothReplicatedCachesAreBoundedOnEveryMember() throws Exception {
        String xml = written("tasks-1[7800]", " ");
        for (String cache : new String[] {"rate-limit-buckets", "ip-bans"}) {
            assertTrue(xml.matches("(?s).*<replicated-cache name=\"" + cache + "\" mode=\"SYNC\">\\s*<expiration [^>]*/>\\s*"
                    + "<memory max-count=\"2500\"/>\\s*</replicated-cache>.*"), xml);
        }
    }

    @Test
    void aSingleInstanceBoundsBothCachesToo() throws Exception {
        String xml = Files.readString(Path.of(CacheDefinitions.local(Duration.ofMinutes(15), 2500)));
        assertTrue(xml.contains("<local-cache name=\"rate-limit-buckets\">") && xml.contains("max-idle=\"1200000\""), xml);
        assertTrue(xml.contains("<local-cache name=\"ip-bans\">") && xml.contains("lifespan=\"900000\""), xml);
        assertEquals(2, xml.split("<memory max-count=\"2500\"/>", -1).length - 1, xml);
        assertFalse(xml.contains("<transport"), xml);
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

    @Test
    void everyMessageAboveDiscoveryIsEncryptedAndAuthenticated() throws Exception {
        String xml = written("tasks-1[7800]", " ");
        assertTrue(xml.contains("<SYM_ENCRYPT sym_algorithm=\"ChaCha20-Poly1305\" sym_iv_length=\"12\""), xml);
        assertTrue(xml.contains("stack.combine=\"INSERT_AFTER\" stack.position=\"VERIFY_SUSPECT2\""), xml);
        assertTrue(xml.contains("<SERIALIZE stack.combine=\"INSERT_AFTER\" stack.position=\"SYM_ENCRYPT\"/>"), xml);
        assertFalse(xml.contains(SECRET), "the secret itself is never written");
    }

    /** SYM_ENCRYPT silently takes the key's algorithm as its cipher when the two differ (plain ChaCha20 would authenticate nothing). */
    @Test
    void theKeystoreHoldsTheDerivedKeyUnderTheCiphersName() throws Exception {
        String xml = written("tasks-1[7800]", " ");
        java.util.regex.Matcher attributes = java.util.regex.Pattern.compile(
                "sym_algorithm=\"([^\"]+)\"[\\s\\S]*keystore_name=\"([^\"]+)\"[\\s\\S]*store_password=\"([^\"]+)\"").matcher(xml);
        assertTrue(attributes.find(), xml);
        java.security.KeyStore store = java.security.KeyStore.getInstance("JCEKS");
        try (var in = Files.newInputStream(Path.of(attributes.group(2)))) {
            store.load(in, attributes.group(3).toCharArray());
        }
        java.security.Key key = store.getKey("cluster", attributes.group(3).toCharArray());
        assertEquals(attributes.group(1), key.getAlgorithm());
        assertArrayEquals(ClusterSecret.of(SECRET).encryptionKey().getEncoded(), key.getEncoded());
        assertEquals(java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(Path.of(attributes.group(2))), "only this process's user reads the key");
    }

    @Test
    void valuesTravelAsProtoStreamNeverAsJavaSerialization() throws Exception {
        String xml = written("tasks-1[7800]", " ");
        assertTrue(xml.contains("marshaller=\"org.infinispan.commons.marshall.ProtoStreamMarshaller\""), xml);
        assertTrue(xml.contains("<context-initializer class=\"" + ProtectionSchema.class.getName() + "\"/>"), xml);
        assertFalse(xml.contains("JavaSerialization") || xml.contains("allow-list"), xml);
    }

    @Test
    void aMissingOrShortSecretIsRefusedNamingTheVariable() {
        for (String secret : new String[] {null, " ", "0123456789abcdef0123456789abcde", " 0123456789abcdef0123456789abcde "}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClusterSecret.of(secret));
            assertTrue(refused.getMessage().contains("TASKMANAGER_CLUSTER_SECRET") && refused.getMessage().contains("at least 32"),
                    refused::getMessage);
            if (secret != null && !secret.isBlank()) {
                assertFalse(refused.getMessage().contains(secret.strip()), "the message never repeats the secret");
            }
        }
        ClusterSecret.of(SECRET);
    }

    @Test
    void theKeyIsDerivedNotTheSecretItself() {
        byte[] key = ClusterSecret.of(SECRET).encryptionKey().getEncoded();
        assertEquals(32, key.length);
        assertNotEquals(HexFormat.of().formatHex(key), HexFormat.of().formatHex(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertArrayEquals(key, ClusterSecret.of(" " + SECRET + "\n").encryptionKey().getEncoded(), "surrounding blanks are not part of it");
        assertFalse(java.util.Arrays.equals(key, ClusterSecret.of(SECRET + "x").encryptionKey().getEncoded()));
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = ClusterSecret.hkdfSha256(hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("0b".repeat(22)),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", hex.formatHex(okm));
    }
}
