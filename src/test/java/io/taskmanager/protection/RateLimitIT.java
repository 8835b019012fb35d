package io.taskmanager.protection;

import static io.taskmanager.support.Api.assertError;
import static io.taskmanager.support.Api.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Metrics;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import io.taskmanager.support.Tokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
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
    private static final String ADMIN_SUFFIX = java.util.UUID.randomUUID().toString().substring(0, 8);
    private static ServiceProcess service;
    private static Api api;

    /** Signed up before the service starts, so its listing grants it administrator rights. */
    private static final Account ADMIN = new Account("Chief-" + ADMIN_SUFFIX, "chief-" + ADMIN_SUFFIX + "@example.com",
            "Tr0ub4dor&3-" + ADMIN_SUFFIX);
    /** Listed too, but signed up only once the service runs: it must get nothing. */
    private static final Account SQUATTER = new Account("Squat-" + ADMIN_SUFFIX, "squat-" + ADMIN_SUFFIX + "@example.com",
            "Tr0ub4dor&3-" + ADMIN_SUFFIX);

    @BeforeAll
    static void startWithSmallLimits() {
        // through the shared service, which uses the same database
        assertEquals(201, Api.service().signup(ADMIN).status());
        Map<String, String> environment = TestEnvironment.productionEnvironment(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE));
        environment.putAll(Map.of(
                "TASKMANAGER_BCRYPT_COST", "4",
                "TASKMANAGER_RATELIMIT_AUTH_PER_MINUTE", "3",
                "TASKMANAGER_RATELIMIT_USER_PER_MINUTE", "5",
                "TASKMANAGER_RATELIMIT_ANONYMOUS_PER_MINUTE", "4",
                "TASKMANAGER_BAN_THRESHOLD", "3",
                "TASKMANAGER_ADMIN_USERNAMES", ADMIN.username() + ", " + SQUATTER.username().toUpperCase()));
        service = ServiceProcess.start("rate-limits", environment);
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

    /** A /64 network no other test uses, as its first four groups: append the host part (":1", "ab:cd:ef:12"). */
    private static String freshNetwork() {
        return "2001:db8:" + Integer.toHexString(ADDRESSES.getAndIncrement()) + ":7:";
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
            Reply reply = api.request("GET", "/api/tasks").bearer(token).header("X-Forwarded-For", address).send();
            assertEquals(200, reply.status(), reply::body);
            assertEquals("\"tasks\";q=5;w=60", reply.header("RateLimit-Policy").orElseThrow());
        }
        Reply limited = api.request("GET", "/api/tasks").bearer(token).header("X-Forwarded-For", address).send();
        assertError(limited, 429, "TOO_MANY_REQUESTS");
        assertTrue(limited.header("Retry-After").isPresent());
        // a client that takes problem+json alone gets the 429 as a problem, not a 406 in its place
        Reply limitedProblem = api.request("GET", "/api/tasks").bearer(token).header("X-Forwarded-For", address)
                .header("Accept", "application/problem+json").send();
        assertProblem(limitedProblem, 429, "TOO_MANY_REQUESTS", "/api/tasks#");
        assertTrue(limitedProblem.header("Retry-After").isPresent(), () -> limitedProblem.headers().map().toString());
        // the bucket is the user's: another address does not help
        assertError(api.request("POST", "/api/tasks").bearer(token).header("X-Forwarded-For", freshAddress())
                .json("{\"title\": \"x\"}").send(), 429, "TOO_MANY_REQUESTS");

        // the user's own profile is not a task route; anonymous calls stop at 401 before any bucket
        assertEquals(200, api.request("GET", "/api/users/me").bearer(token).header("X-Forwarded-For", address).send().status());
        assertError(api.request("GET", "/api/tasks").header("X-Forwarded-For", address).send(), 401, "UNAUTHORIZED");
    }

    @Test
    void anAddressThatKeepsHittingTheLimitIsBannedUntilAnAdministratorLiftsIt() {
        String address = freshAddress();
        String wrong = "{\"username\": \"nobody\", \"password\": \"not-it\"}";
        Metrics before = Metrics.scrape(api);
        for (int i = 0; i < 3; i++) {
            assertError(login(address, wrong), 401, "INVALID_CREDENTIALS");
        }
        // the threshold's rejection (the third here) bans: it is still a 429, and the next request is 403
        for (int i = 0; i < 3; i++) {
            assertError(login(address, wrong), 429, "TOO_MANY_REQUESTS");
        }
        assertError(login(address, wrong), 403, "IP_BANNED");
        // a client that takes problem+json alone gets the ban as a problem, not a 406 in its place
        Reply bannedProblem = api.request("POST", "/api/auth/login").header("X-Forwarded-For", address)
                .header("Accept", "application/problem+json").json(wrong).send();
        assertProblem(bannedProblem, 403, "IP_BANNED", "/api/auth/login#");
        assertTrue(bannedProblem.header("Retry-After").isPresent(), () -> bannedProblem.headers().map().toString());

        Metrics whileBanned = Metrics.scrape(api);
        assertEquals(3, whileBanned.since(before, "taskmanager_rate_limit_rejections_total{policy=\"auth\"}"), whileBanned::text);
        assertEquals(1, whileBanned.since(before, "taskmanager_bans_imposed_total"), whileBanned::text);
        assertEquals(1, whileBanned.since(before, "taskmanager_bans_active"), whileBanned::text);

        Reply banned = api.request("GET", "/api/tasks").header("X-Forwarded-For", address).send();
        JsonObject error = assertError(banned, 403, "IP_BANNED");
        long retryAfter = Long.parseLong(banned.header("Retry-After").orElseThrow());
        assertTrue(retryAfter > 800 && retryAfter <= 901, () -> "Retry-After " + retryAfter);
        assertTrue(error.getString("reason").contains("rate-limit rejections"), error::toString);
        assertError(api.request("POST", "/api/auth/signup").header("X-Forwarded-For", address).json("{}").send(), 403, "IP_BANNED");
        assertError(login(freshAddress(), wrong), 401, "INVALID_CREDENTIALS");

        // an administrator sees the ban and lifts it; other users may not
        String adminAddress = freshAddress();
        Account admin = ADMIN;
        String adminToken = login(adminAddress, "{\"username\": \"" + admin.username() + "\", \"password\": \"" + admin.password() + "\"}")
                .json().getString("token");
        Account user = Account.fresh();
        assertEquals(201, api.request("POST", "/api/auth/signup").header("X-Forwarded-For", adminAddress).json(user.signupJson()).send().status());
        String userToken = login(freshAddress(), "{\"username\": \"" + user.username() + "\", \"password\": \"" + user.password() + "\"}")
                .json().getString("token");

        Reply list = api.request("GET", "/api/admin/bans").bearer(adminToken).header("X-Forwarded-For", adminAddress).send();
        assertEquals(200, list.status(), list::body);
        JsonObject ban = list.json().getJsonArray("bans").getValuesAs(JsonObject.class).stream()
                .filter(b -> b.getString("ip").equals(address)).findFirst().orElseThrow(() -> new AssertionError(list.body()));
        assertEquals(List.of("ip", "since", "until", "reason"), List.copyOf(ban.keySet()));
        assertEquals(900, java.time.Duration.between(java.time.Instant.parse(ban.getString("since")),
                java.time.Instant.parse(ban.getString("until"))).toSeconds());

        assertError(api.request("GET", "/api/admin/bans").bearer(userToken).header("X-Forwarded-For", adminAddress).send(), 403, "FORBIDDEN");
        assertError(api.request("GET", "/api/admin/bans").header("X-Forwarded-For", adminAddress).send(), 401, "UNAUTHORIZED");
        assertError(api.request("DELETE", "/api/admin/bans/" + address).bearer(userToken).header("X-Forwarded-For", adminAddress).send(),
                403, "FORBIDDEN");

        Reply lifted = api.request("DELETE", "/api/admin/bans/" + address).bearer(adminToken).header("X-Forwarded-For", adminAddress).send();
        assertEquals(204, lifted.status(), lifted::body);
        assertError(api.request("DELETE", "/api/admin/bans/" + address).bearer(adminToken).header("X-Forwarded-For", adminAddress).send(),
                404, "NOT_FOUND");
        assertError(api.request("DELETE", "/api/admin/bans/not-an-ip").bearer(adminToken).header("X-Forwarded-For", adminAddress).send(),
                404, "NOT_FOUND");
        Reply afterLift = api.request("GET", "/api/tasks").header("X-Forwarded-For", address).send();
        assertError(afterLift, 401, "UNAUTHORIZED");
        Metrics afterLifting = Metrics.scrape(api);
        assertEquals(0, afterLifting.since(before, "taskmanager_bans_active"), afterLifting::text);
    }

    @Test
    void signingUpWithAListedNameAfterTheStartMakesNobodyAnAdministrator() {
        String address = freshAddress();
        assertEquals(201, api.request("POST", "/api/auth/signup").header("X-Forwarded-For", address).json(SQUATTER.signupJson()).send().status());
        Reply login = login(address, "{\"username\": \"" + SQUATTER.username() + "\", \"password\": \"" + SQUATTER.password() + "\"}");
        assertEquals(200, login.status(), login::body);
        String token = login.json().getString("token");

        assertEquals(List.of("user"), Tokens.payload(token).getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString));
        assertError(api.request("GET", "/api/admin/bans").bearer(token).header("X-Forwarded-For", address).send(), 403, "FORBIDDEN");
    }

    @Test
    void everyAddressOfAnIpv6Slash64IsOneClient() {
        String network = freshNetwork();
        String wrong = "{\"username\": \"nobody-here\", \"password\": \"wrong-password-1\"}";
        // three addresses of one /64 spend one bucket (3 a minute); a fourth address of it is refused
        for (String host : List.of(":1", ":2", "ab:cd:ef:12")) {
            assertError(login(network + host, wrong), 401, "INVALID_CREDENTIALS");
        }
        Reply fourth = login("[" + network + "ffff:ffff:ffff:ffff]", wrong);
        assertError(fourth, 429, "TOO_MANY_REQUESTS");
        // the next /64 is another client
        assertError(login(freshNetwork() + ":1", wrong), 401, "INVALID_CREDENTIALS");

        // rejections from different addresses of the /64 add up to its ban (threshold 3)
        assertError(login(network + ":5", wrong), 429, "TOO_MANY_REQUESTS");
        assertError(login(network + ":6", wrong), 429, "TOO_MANY_REQUESTS");
        assertError(api.request("GET", "/api/users/me").header("X-Forwarded-For", network + ":77").send(), 403, "IP_BANNED");

        // the ban is listed as the network, and lifted by naming any address in it
        String adminAddress = freshAddress();
        String adminToken = login(adminAddress, "{\"username\": \"" + ADMIN.username() + "\", \"password\": \"" + ADMIN.password() + "\"}")
                .json().getString("token");
        Reply list = api.request("GET", "/api/admin/bans").bearer(adminToken).header("X-Forwarded-For", adminAddress).send();
        String expected = network + ":/64";
        assertTrue(list.json().getJsonArray("bans").getValuesAs(JsonObject.class).stream()
                .anyMatch(ban -> ban.getString("ip").equals(expected)), () -> expected + " in " + list.body());
        Reply lifted = api.request("DELETE", "/api/admin/bans/" + network + ":1234").bearer(adminToken)
                .header("X-Forwarded-For", adminAddress).send();
        assertEquals(204, lifted.status(), lifted::body);
        assertError(api.request("GET", "/api/users/me").header("X-Forwarded-For", network + ":77").send(), 401, "UNAUTHORIZED");
    }

    @Test
    void requestsWithoutAValidTokenAreLimitedPerClientAndNeverSpendTheAccountsBudget() {
        String address = freshAddress();
        Account account = Account.fresh();
        assertEquals(201, api.request("POST", "/api/auth/signup").header("X-Forwarded-For", freshAddress()).json(account.signupJson()).send().status());
        String loggedOut = login(freshAddress(), "{\"username\": \"" + account.username() + "\", \"password\": \"" + account.password() + "\"}")
                .json().getString("token");
        assertEquals(204, api.request("POST", "/api/auth/logout").bearer(loggedOut).header("X-Forwarded-For", freshAddress()).send().status());

        // no token, garbage, another scheme: one budget per client, 4 a minute here
        assertError(api.request("GET", "/api/tasks").header("X-Forwarded-For", address).send(), 401, "UNAUTHORIZED");
        assertError(api.request("GET", "/api/tasks").bearer("garbage").header("X-Forwarded-For", address).send(), 401, "UNAUTHORIZED");
        assertError(api.request("GET", "/api/users/me").header("Authorization", "Basic YTpi").header("X-Forwarded-For", address).send(),
                401, "UNAUTHORIZED");
        Reply fourth = api.request("DELETE", "/api/tasks").bearer("a.b.c").header("X-Forwarded-For", address).send();
        assertError(fourth, 401, "UNAUTHORIZED");
        assertEquals("\"anonymous\";q=4;w=60", fourth.header("RateLimit-Policy").orElse(null));
        Reply limited = api.request("GET", "/api/tasks").header("X-Forwarded-For", address).send();
        assertError(limited, 429, "TOO_MANY_REQUESTS");
        assertTrue(limited.header("Retry-After").isPresent());

        // the logged-out token, 8 times from another client: 401 each, and its account's budget (5 a minute) is whole
        String other = freshAddress();
        for (int i = 0; i < 8; i++) {
            assertError(api.request("GET", "/api/tasks").bearer(loggedOut).header("X-Forwarded-For", other).send(), 401, "UNAUTHORIZED");
        }
        String fresh = login(freshAddress(), "{\"username\": \"" + account.username() + "\", \"password\": \"" + account.password() + "\"}")
                .json().getString("token");
        Reply own = api.request("GET", "/api/tasks").bearer(fresh).header("X-Forwarded-For", other).send();
        assertEquals(200, own.status(), own::body);
        assertTrue(own.header("RateLimit").orElse("").startsWith("\"tasks\";r=4;"), () -> own.headers().toString());
    }
}
