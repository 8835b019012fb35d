package io.taskmanager.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real OpenID Connect provider on loopback (NAV's mock-oauth2-server): discovery document,
 * JWKS and signed tokens over HTTP, as the service reaches Keycloak or Entra ID. Each start
 * signs with a freshly generated key (the library's default keys are the same in every run),
 * and {@link #rotateKeys} is a real provider key rotation: same issuer, new key id, old key gone.
 */
public final class IdentityProviderServer implements AutoCloseable {

    /** The client id the service's settings name as taskmanager.oidc.audience. */
    public static final String AUDIENCE = "task-manager-api";
    /** The provider group that taskmanager.oidc.admin-groups names. */
    public static final String ADMIN_GROUP = "/task-manager-admins";
    public static final String TENANT = "corp";

    private final RotatingKeys keys = new RotatingKeys(rsaKey(), JWSAlgorithm.RS256);
    private MockOAuth2Server server;
    private final List<String> recordedPaths = new ArrayList<>();

    private IdentityProviderServer() {
    }

    public static IdentityProviderServer start() {
        IdentityProviderServer provider = new IdentityProviderServer();
        MockOAuth2Server started = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(provider.keys)));
        try {
            started.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        provider.server = started;
        return provider;
    }

    /**
     * The provider's new key (an ES256 one, so both algorithms are exercised, under a new key
     * id) replaces the old one at the same issuer: the key set publishes only the new key.
     */
    public void rotateKeys() {
        keys.use(ecKey(), JWSAlgorithm.ES256);
    }

    public String issuer() {
        return issuer(TENANT);
    }

    /** Another issuer of the same server: the same keys' kind, not the configured issuer. */
    public String issuer(String tenant) {
        return server.issuerUrl(tenant).toString();
    }

    /** The settings that make the service accept this provider's tokens. */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKMANAGER_OIDC_ISSUER", issuer());
        environment.put("TASKMANAGER_OIDC_AUDIENCE", AUDIENCE);
        environment.put("TASKMANAGER_OIDC_ADMIN_GROUPS", "some-other-group, " + ADMIN_GROUP);
        return environment;
    }

    /** An access token for {@code subject} with {@code claims}, valid for an hour. */
    public String token(String subject, Map<String, Object> claims) {
        return token(TENANT, subject, AUDIENCE, claims, 3600);
    }

    public synchronized String token(String tenant, String subject, String audience, Map<String, Object> claims, long lifetimeSeconds) {
        return server.issueToken(tenant, subject, new DefaultOAuth2TokenCallback(tenant, subject, "JWT", List.of(audience),
                claims, lifetimeSeconds)).serialize();
    }

    /** How often the key set was fetched since the last call (the server records every request). */
    public synchronized long keySetFetches() {
        drainRequests();
        long fetches = recordedPaths.stream().filter(path -> path.endsWith("/jwks")).count();
        recordedPaths.clear();
        return fetches;
    }

    private void drainRequests() {
        while (true) {
            RecordedRequest request;
            try {
                request = server.takeRequest(10, TimeUnit.MILLISECONDS);
            } catch (RuntimeException none) {
                // the library's way of saying the queue is empty
                return;
            }
            if (request == null) {
                return;
            }
            recordedPaths.add(request.getPath());
        }
    }

    @Override
    public synchronized void close() {
        server.shutdown();
    }

    /**
     * One key for every issuer of the server, replaceable: the library's own provider keeps a
     * key per issuer for good and names it after the issuer, so its key id would never change.
     */
    private static final class RotatingKeys extends KeyProvider {

        private volatile JWK key;
        private volatile JWSAlgorithm algorithm;

        RotatingKeys(JWK key, JWSAlgorithm algorithm) {
            super(List.of(), algorithm.getName());
            use(key, algorithm);
        }

        void use(JWK next, JWSAlgorithm nextAlgorithm) {
            key = next;
            algorithm = nextAlgorithm;
        }

        @Override
        public JWK signingKey(String issuerId) {
            return key;
        }

        @Override
        public JWSAlgorithm algorithm() {
            return algorithm;
        }

        @Override
        public String keyType() {
            return key.getKeyType().getValue();
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) {
            return selector.select(new JWKSet(key));
        }
    }

    private static JWK rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWK ecKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
