package io.taskmanager.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** What the single sign-on settings accept as an issuer, and what an account created from a token is called. */
class ProviderSettingsTest {

    @Test
    void anIssuerIsAnHttpsUrlOrPlainHttpOnLoopbackOnly() {
        assertNull(IdentityProvider.issuerProblem("https://sso.example.com/realms/corp"));
        assertNull(IdentityProvider.issuerProblem("https://login.microsoftonline.com/0000/v2.0"));
        assertNull(IdentityProvider.issuerProblem("http://localhost:8180/realms/task-manager"));
        assertNull(IdentityProvider.issuerProblem("http://127.0.0.1:9000/corp"));
        assertNull(IdentityProvider.issuerProblem("http://[::1]:9000/corp"));

        assertNotNull(IdentityProvider.issuerProblem("http://sso.example.com/realms/corp"), "keys over plain http off loopback");
        assertNotNull(IdentityProvider.issuerProblem("http://127.0.0.1.sso.example.com/"), "a name that only starts like loopback");
        assertNotNull(IdentityProvider.issuerProblem("http://10.0.0.8/"));
        assertNotNull(IdentityProvider.issuerProblem("ftp://sso.example.com/"));
        assertNotNull(IdentityProvider.issuerProblem("sso.example.com"));
        assertNotNull(IdentityProvider.issuerProblem("https://sso.example.com/realms/corp?x=1"));
        assertNotNull(IdentityProvider.issuerProblem("https://user@sso.example.com/"));
        assertNotNull(IdentityProvider.issuerProblem("https://sso example.com/"));
    }

    @Test
    void loopbackIsDecidedFromTheLiteralAddressWithoutALookup() {
        assertTrue(IdentityProvider.loopback("localhost"));
        assertTrue(IdentityProvider.loopback("127.0.0.2"));
        assertTrue(IdentityProvider.loopback("[::1]"));
        assertFalse(IdentityProvider.loopback("[::2]"));
        assertFalse(IdentityProvider.loopback("localhost.example.com"));
        assertFalse(IdentityProvider.loopback("192.168.1.1"));
    }

    @Test
    void theUsernameComesFromPreferredUsernameThenTheAddressThenAFallback() {
        assertEquals("alice", LinkedAccounts.username(new LinkedAccounts.Profile("alice", "a@example.com", true)));
        assertEquals("alice.smith", LinkedAccounts.username(new LinkedAccounts.Profile("alice.smith@corp", null, false)));
        assertEquals("averyveryverylongnam", LinkedAccounts.username(new LinkedAccounts.Profile("a very very very long name", null, false)));
        assertEquals("jdoe", LinkedAccounts.username(new LinkedAccounts.Profile("ö", "jdoe@example.com", false)));
        assertEquals("user", LinkedAccounts.username(new LinkedAccounts.Profile("李", "李@example.com", false)));
        assertEquals("user", LinkedAccounts.username(new LinkedAccounts.Profile(null, null, false)));
    }

    @Test
    void onlyAnAddressAUserCouldHaveIsKept() {
        assertEquals("a@example.com", LinkedAccounts.usableEmail("a@example.com").orElseThrow());
        assertTrue(LinkedAccounts.usableEmail("not an address").isEmpty());
        assertTrue(LinkedAccounts.usableEmail("a@b@example.com").isEmpty());
        assertTrue(LinkedAccounts.usableEmail("nul\u0000@example.com").isEmpty());
        assertTrue(LinkedAccounts.usableEmail("x".repeat(250) + "@example.com").isEmpty());
        assertTrue(LinkedAccounts.usableEmail(null).isEmpty());
    }

    @Test
    void claimsOnlyIdTokensCarryRefuseATokenButKeycloaksOldAccessTokenNonceDoesNot() {
        assertFalse(ProviderTokens.idToken(claims(Map.of("sub", "x"))));
        assertTrue(ProviderTokens.idToken(claims(Map.of("at_hash", "x"))));
        assertTrue(ProviderTokens.idToken(claims(Map.of("c_hash", "x"))));
        assertTrue(ProviderTokens.idToken(claims(Map.of("nonce", "x"))));
        assertTrue(ProviderTokens.idToken(claims(Map.of("nonce", "x", "typ", "ID"))));
        assertFalse(ProviderTokens.idToken(claims(Map.of("nonce", "x", "typ", "Bearer"))), "Keycloak before 25");
        assertTrue(ProviderTokens.idToken(claims(Map.of("at_hash", "x", "typ", "Bearer"))));
    }

    private static JwtClaims claims(Map<String, Object> values) {
        JwtClaims claims = new JwtClaims();
        values.forEach(claims::setClaim);
        return claims;
    }

    @Test
    void onlyAccessTokensPassTheTypeCheck() {
        assertTrue(ProviderTokens.accessTokenType(null, null));
        assertTrue(ProviderTokens.accessTokenType("JWT", "Bearer"));
        assertTrue(ProviderTokens.accessTokenType("at+jwt", null));
        assertTrue(ProviderTokens.accessTokenType("application/at+jwt", null));
        assertFalse(ProviderTokens.accessTokenType("JWT", "ID"), "Keycloak's ID token");
        assertFalse(ProviderTokens.accessTokenType("JWT", "Refresh"));
        assertFalse(ProviderTokens.accessTokenType("logout+jwt", null));
        assertFalse(ProviderTokens.accessTokenType("JWT", Map.of("typ", "Bearer")), "a claim that is no string");
    }
}
