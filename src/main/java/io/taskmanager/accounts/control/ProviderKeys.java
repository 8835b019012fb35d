package io.taskmanager.accounts.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.http.SimpleResponse;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The identity provider's signing keys: found through its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, whose issuer must be the configured one),
 * fetched from its {@code jwks_uri}, kept in memory. The provider is asked again when a token
 * names a key it does not know (the provider rotated) or the keys are older than
 * {@link #KEYS_MAX_AGE} (it withdrew one), but never more than once a {@link #REFETCH_INTERVAL}:
 * tokens with made-up key ids cannot turn this service into a flood against the provider.
 * One fetch at a time runs on the server's default managed executor; the request that started
 * it waits at most {@link #FETCH_WAIT} for a key it does not have, and every other request goes
 * on with the keys at hand, so a slow or dead provider never holds request threads.
 * When the provider cannot be reached, the keys already fetched stay in use.
 */
@ApplicationScoped
public class ProviderKeys implements VerificationKeyResolver {

    private static final Logger LOG = Logger.getLogger(ProviderKeys.class.getName());
    static final Duration REFETCH_INTERVAL = Duration.ofMinutes(1);
    static final Duration KEYS_MAX_AGE = Duration.ofMinutes(10);
    /** The longest a request waits for keys; the fetch itself may go on (connect and each read time out after 3 s). */
    static final Duration FETCH_WAIT = Duration.ofSeconds(5);
    private static final int TIMEOUT_MILLIS = 3000;
    /** Far above any real discovery document or key set; a larger answer is refused unread. */
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    @Inject
    IdentityProvider provider;

    /** The server's default managed executor (an ExecutorService is all this needs of it). */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ExecutorService executor;

    private volatile List<JsonWebKey> keys = List.of();
    private volatile Instant fetchedAt;
    /** System.nanoTime() of the last attempt, or NONE: a monotonic clock, so a clock step neither stops nor floods fetches. */
    private final AtomicLong attemptedAt = new AtomicLong(NONE);
    private static final long NONE = Long.MIN_VALUE;
    /** Touched by the one fetch running; null until discovered, and again after a failed fetch (the provider may have moved it). */
    private volatile String jwksUri;

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        JsonWebKey key = select(jws);
        Instant fetched = fetchedAt;
        if (key == null) {
            awaitFetch(startFetch());
            key = select(jws);
        } else if (fetched == null || fetched.plus(KEYS_MAX_AGE).isBefore(Instant.now())) {
            // the key at hand serves this request; the fresh set serves the next ones
            startFetch();
        }
        if (key == null) {
            throw new UnresolvableKeyException("the identity provider publishes no key for this token");
        }
        return key.getKey();
    }

    private JsonWebKey select(JsonWebSignature jws) {
        try {
            return new VerificationJwkSelector().selectWithVerifySignatureDisambiguate(jws, keys);
        } catch (JoseException e) {
            return null;
        }
    }

    /**
     * The fetch this call started, or null: one started less than a minute ago (it may still be
     * running, say against a provider that trickles its answer; after a minute it no longer
     * holds anyone back). Whoever claims the attempt first starts it; nobody else waits.
     */
    private Future<?> startFetch() {
        long now = System.nanoTime();
        long last = attemptedAt.get();
        if (last != NONE && now - last < REFETCH_INTERVAL.toNanos() || !attemptedAt.compareAndSet(last, now)) {
            return null;
        }
        try {
            return executor.submit(this::fetch);
        } catch (RuntimeException e) {
            LOG.warning(() -> "cannot fetch the identity provider's keys: the server's default executor refused the task ("
                    + e.getClass().getSimpleName() + "); next try in a minute at the earliest");
            return null;
        }
    }

    private static void awaitFetch(Future<?> fetch) {
        if (fetch == null) {
            return;
        }
        try {
            fetch.get(FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the keys at hand decide; the fetch logs its own failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fetch() {
        try {
            if (jwksUri == null) {
                jwksUri = discoverKeySet();
            }
            List<JsonWebKey> fetched = signingKeys(jwksUri);
            boolean changed = !ids(fetched).equals(ids(keys));
            keys = fetched;
            fetchedAt = Instant.now();
            if (changed) {
                LOG.info(() -> "identity provider keys fetched from " + jwksUri + ": kid " + ids(fetched));
            }
        } catch (IOException | JoseException | RuntimeException e) {
            String uri = jwksUri;
            jwksUri = null;
            LOG.warning(() -> "cannot fetch the identity provider's keys (" + (uri == null ? "discovery" : uri) + "): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "; "
                    + (keys.isEmpty() ? "its tokens are refused" : "the keys fetched before stay in use") + ", next try in a minute at the earliest");
        }
    }

    private String discoverKeySet() throws IOException, JoseException {
        String issuer = provider.issuer().orElseThrow();
        String location = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        Map<String, Object> document = JsonUtil.parseJson(body(location));
        if (!issuer.equals(document.get("issuer"))) {
            throw new IllegalStateException("the discovery document at " + location + " names another issuer: " + document.get("issuer"));
        }
        if (!(document.get("jwks_uri") instanceof String keySet) || IdentityProvider.keySetProblem(keySet) != null) {
            throw new IllegalStateException("the discovery document at " + location + " has no usable jwks_uri (an https URL)");
        }
        return keySet;
    }

    /** The set's keys that may sign (RSA and EC, "use" absent or "sig"). */
    private static List<JsonWebKey> signingKeys(String location) throws IOException, JoseException {
        List<JsonWebKey> found = new JsonWebKeySet(body(location)).getJsonWebKeys().stream()
                .filter(key -> key.getUse() == null || "sig".equals(key.getUse()))
                .filter(key -> "RSA".equals(key.getKeyType()) || "EC".equals(key.getKeyType()))
                .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("the key set at " + location + " holds no signing key");
        }
        return found;
    }

    private static String body(String location) throws IOException {
        Get get = new Get();
        get.setConnectTimeout(TIMEOUT_MILLIS);
        get.setReadTimeout(TIMEOUT_MILLIS);
        get.setRetries(0);
        get.setResponseBodySizeLimit(MAX_DOCUMENT_BYTES);
        SimpleResponse response = get.get(location);
        if (response.getStatusCode() != 200) {
            throw new IOException(location + " answered " + response.getStatusCode());
        }
        return response.getBody();
    }

    private static List<String> ids(List<JsonWebKey> keys) {
        return keys.stream().map(key -> String.valueOf(key.getKeyId())).toList();
    }
}
