package io.taskmanager.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.taskmanager.support.ServiceProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider's keys against a provider on a real socket that can be made to stall: a key it
 * publishes resolves, unknown key ids fetch at most once, and while a fetch hangs only the
 * request that needs the missing key waits, and only for the bounded time.
 */
class ProviderKeysTest {

    private HttpServer server;
    private ExecutorService executor;
    private ProviderKeys keys;
    private RsaJsonWebKey published;
    private final AtomicInteger keySetFetches = new AtomicInteger();
    private volatile CountDownLatch stall = new CountDownLatch(0);

    @BeforeEach
    void startAProvider() throws Exception {
        published = RsaJwkGenerator.generateJwk(2048);
        published.setKeyId("published");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/corp";
        server.createContext("/realms/corp/.well-known/openid-configuration", exchange -> answer(exchange,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}"));
        server.createContext("/realms/corp/certs", exchange -> {
            keySetFetches.incrementAndGet();
            try {
                stall.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, new JsonWebKeySet(published).toJson());
        });
        server.start();
        executor = Executors.newSingleThreadExecutor();
        keys = new ProviderKeys();
        keys.provider = new IdentityProvider() {
            @Override
            public Optional<String> issuer() {
                return Optional.of(issuer);
            }
        };
        keys.executor = executor;
    }

    @AfterEach
    void stop() {
        stall.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private JsonWebSignature signed(String keyId) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{}");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(keyId);
        jws.setKey(RsaJwkGenerator.generateJwk(2048).getPrivateKey());
        String compact = jws.getCompactSerialization();
        JsonWebSignature received = new JsonWebSignature();
        received.setCompactSerialization(compact);
        return received;
    }

    @Test
    void aPublishedKeyResolvesAndUnknownKeyIdsFetchTheSetOnce() throws Exception {
        assertEquals(published.getPublicKey(), keys.resolveKey(signed("published"), List.of()));

        for (int i = 0; i < 20; i++) {
            JsonWebSignature unknown = signed("made-up-" + i);
            assertThrows(UnresolvableKeyException.class, () -> keys.resolveKey(unknown, List.of()));
        }

        assertEquals(1, keySetFetches.get(), "the first token fetched the set; twenty unknown key ids within the minute did not");
        assertEquals(published.getPublicKey(), keys.resolveKey(signed("published"), List.of()));
    }

    @Test
    void whileTheProviderStallsOnlyTheRequestThatStartedTheFetchWaitsAndOnlyForTheBound() throws Exception {
        stall = new CountDownLatch(1);
        JsonWebSignature first = signed("published");
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try {
            Instant started = Instant.now();
            Future<Object> starter = requests.submit(() -> keys.resolveKey(first, List.of()));
            assertTrue(waitForFetch(), "the provider was asked");

            Instant second = Instant.now();
            assertThrows(UnresolvableKeyException.class, () -> keys.resolveKey(signed("published"), List.of()));
            Duration secondWaited = Duration.between(second, Instant.now());
            assertTrue(secondWaited.compareTo(Duration.ofMillis(500)) < 0,
                    "a request while the fetch runs goes on with the keys at hand (none yet): waited " + secondWaited);

            java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> starter.get(20, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof UnresolvableKeyException, refused::toString);
            Duration starterWaited = Duration.between(started, Instant.now());
            assertTrue(starterWaited.compareTo(ProviderKeys.FETCH_WAIT.plusSeconds(2)) < 0,
                    "the request that started the fetch waited at most the bound: " + starterWaited);
            assertEquals(1, keySetFetches.get());
        } finally {
            stall.countDown();
            requests.shutdownNow();
        }
    }

    private boolean waitForFetch() {
        return ServiceProcess.Poll.until(Duration.ofSeconds(10), () -> keySetFetches.get() == 1);
    }

}
