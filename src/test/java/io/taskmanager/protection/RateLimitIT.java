package io.taskmanager.protection;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits as configured for real, on a service of its own with small quotas: per client
 * address on each auth route, per user on the task routes. Loopback is a trusted proxy by
 * default, so each test speaks for a client address of its own through X-Forwarded-For.
 */
class RateLimitIT {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static ServiceProcess service;
    private static Api api;

    @BeforeAll
    static void startWithSmallLimits() {
        service = ServiceProcess.start("rate-limits", Map.of(
                "DB_HOST", "127.0.0.1",
                "DB_PORT", String.valueOf(TestEnvironment.postgresPort()),
                "DB_NAME", TestEnvironment.DATABASE,
                "DB_USER", "postgres",
                "DB_PASSWORD", "postgres",
                "TASKMANAGER_BCRYPT_COST", "4",
                "TASKMANAGER_RATELIMIT_AUTH_PER_MINUTE", "3",
                "TASKMANAGER_RATELIMIT_USER_PER_MINUTE", "5"));
        service.awaitReady(Duration.ofMinutes(3));
        api = Api.at(service.baseUri());
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static String freshAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    private static Reply login(String address, String body) {
        return api.request("POST", "/api/auth/login").header("X-Forwarded-For", address).json(body).send();
    }

    @Test
    void eachAuthRouteHasABucketPerClientAddress() {
        String address = freshAddress();
        String wrong = "{\"username\": \"nobody-" + address + "\", \"password\": \"not-it\"}";
        for (int remaining = 2; remaining >= 0; remaining--) {
            Reply reply = login(address, wrong);
            assertError(reply, 401, "INVALID_CREDENTIALS");
            assertEquals("\"auth\";q=3;w=60", reply.header("RateLimit-Policy").orElseThrow());
            String state = reply.header("RateLimit").orElseThrow();
            assertTrue(state.startsWith("\"auth\";r=" + remaining + ";t="), state);
        }

        Reply limited = login(address, wrong);

        assertError(limited, 429, "TOO_MANY_REQUESTS");
        long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 20, () -> "Retry-After " + retryAfter);
        assertEquals("\"auth\";q=3;w=60", limited.header("RateLimit-Policy").orElseThrow());
        assertTrue(limited.header("RateLimit").orElseThrow().startsWith("\"auth\";r=0;t="));

        // another address, and another route for the same address, have buckets of their own
        assertError(login(freshAddress(), wrong), 401, "INVALID_CREDENTIALS");
        Reply signup = api.request("POST", "/api/auth/signup").header("X-Forwarded-For", address).json("{}").send();
        assertError(signup, 400, "BAD_REQUEST");
    }

    @Test
    void taskRoutesHaveABucketPerUser() {
        String address = freshAddress();
        Account account = Account.fresh();
        assertEquals(201, api.request("POST", "/api/auth/signup").header("X-Forwarded-For", address).json(account.signupJson()).send().status());
        Reply loggedIn = login(address, "{\"username\": \"" + account.username() + "\", \"password\": \"" + account.password() + "\"}");
        String token = loggedIn.json().getString("token");

        for (int i = 0; i < 5; i++) {
            Reply reply = api.get("/api/tasks", token);
            assertEquals(200, reply.status(), reply::body);
            assertEquals("\"tasks\";q=5;w=60", reply.header("RateLimit-Policy").orElseThrow());
        }
        Reply limited = api.get("/api/tasks", token);
        assertError(limited, 429, "TOO_MANY_REQUESTS");
        assertTrue(limited.header("Retry-After").isPresent());
        assertError(api.send("POST", "/api/tasks", token, "{\"title\": \"x\"}"), 429, "TOO_MANY_REQUESTS");

        // the user's own profile is not a task route; anonymous calls stop at 401 before any bucket
        assertEquals(200, api.get("/api/users/me", token).status());
        assertError(api.get("/api/tasks", null), 401, "UNAUTHORIZED");
    }
}
