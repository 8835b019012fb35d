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
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances (Hazelcast off) with the same cluster secret form one Infinispan cluster over
 * JGroups on loopback: rate limits, bans and revocations hold across both, as behind a load
 * balancer. A third instance that knows where they are but has another secret (an attacker on
 * the network, or a misconfigured node) cannot join: it stays a cluster of one, and no ban or
 * bucket crosses between it and them. A fourth, clustered without a secret, refuses to start.
 * The first three start side by side.
 */
class ClusterIT {

    private static final int LIMIT = 4;
    private static final String SECRET = "cluster-it-secret-0123456789abcdefghijklmn";
    private static final Pattern VIEW = Pattern.compile("ISPN000094.*?\\((\\d+)\\)");
    private static ServiceProcess first;
    private static ServiceProcess second;
    private static ServiceProcess stranger;
    private static ServiceProcess withoutSecret;
    private static Api one;
    private static Api two;
    private static Api outsider;

    @BeforeAll
    static void startInstances() {
        int firstPort = ServiceProcess.freePort();
        int secondPort = ServiceProcess.freePort();
        int strangerPort = ServiceProcess.freePort();
        String members = "127.0.0.1[" + firstPort + "],127.0.0.1[" + secondPort + "]";
        first = ServiceProcess.start("cluster-1", environment(members, firstPort, SECRET));
        second = ServiceProcess.start("cluster-2", environment(members, secondPort, SECRET));
        // The stranger starts once the two have formed their cluster. Started beside them, it
        // answered their discovery as a coordinator whose JOIN replies they could not decrypt:
        // each member gave up after its join attempts and became a cluster of one (seen in CI).
        // A stranger can always disturb a forming cluster it can reach; what it must not do is join one.
        assertTrue(ServiceProcess.Poll.until(Duration.ofMinutes(6),
                () -> largestView(first) >= 2 || largestView(second) >= 2 || !first.isAlive() || !second.isAlive()),
                () -> "no two-member cluster view:\n" + first.log() + "\n" + second.log());
        assertTrue(largestView(first) >= 2 || largestView(second) >= 2, () -> "a member exited:\n" + first.log() + "\n" + second.log());
        // it knows the members; they do not know it
        stranger = ServiceProcess.start("cluster-stranger", environment(members + ",127.0.0.1[" + strangerPort + "]", strangerPort,
                SECRET.replace('c', 'k')));
        // three boots on two shared cores: each took 3 to 4 minutes when other builds ran beside them
        first.awaitReady(Duration.ofMinutes(6));
        second.awaitReady(Duration.ofMinutes(6));
        stranger.awaitReady(Duration.ofMinutes(6));
        // started once the others are up, so that four boots do not share two cores; it only has to boot and refuse
        withoutSecret = ServiceProcess.start("cluster-without-secret", environment(members, ServiceProcess.freePort(), null));
        assertTrue(first.awaitLog("protection caches (clustered", Duration.ofSeconds(30)), first::log);
        one = Api.at(first.baseUri());
        two = Api.at(second.baseUri());
        outsider = Api.at(stranger.baseUri());
    }

    private static Map<String, String> environment(String members, int clusterPort, String secret) {
        Map<String, String> environment = new HashMap<>(
                TestEnvironment.productionEnvironment(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE)));
        environment.putAll(Map.of(
                "TASKMANAGER_BCRYPT_COST", "4",
                "TASKMANAGER_RATELIMIT_AUTH_PER_MINUTE", String.valueOf(LIMIT),
                "TASKMANAGER_BAN_THRESHOLD", "2",
                "TASKMANAGER_CLUSTER_MEMBERS", members,
                "TASKMANAGER_CLUSTER_BIND_PORT", String.valueOf(clusterPort)));
        // null: unset, even when the JVM running the tests has it
        environment.put("TASKMANAGER_CLUSTER_SECRET", secret);
        environment.put("JAVA_TOOL_OPTIONS", "-Djava.net.preferIPv4Stack=true");
        return environment;
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess process : new ServiceProcess[] {first, second, stranger, withoutSecret}) {
            if (process != null) {
                process.stop();
            }
        }
    }

    /** The largest cluster view the instance has logged. */
    private static int largestView(ServiceProcess process) {
        Matcher view = VIEW.matcher(process.log());
        int largest = 0;
        while (view.find()) {
            largest = Math.max(largest, Integer.parseInt(view.group(1)));
        }
        return largest;
    }

    /** LIMIT admitted failures, then two 429s: the second reaches the threshold (2) and bans. */
    private static void banThrough(Api api, String address) {
        for (int i = 0; i < LIMIT; i++) {
            assertError(login(api, address), 401, "INVALID_CREDENTIALS");
        }
        assertError(login(api, address), 429, "TOO_MANY_REQUESTS");
        assertError(login(api, address), 429, "TOO_MANY_REQUESTS");
    }

    private static Reply login(Api api, String address) {
        return api.request("POST", "/api/auth/login").header("X-Forwarded-For", address)
                .json("{\"username\": \"nobody-" + address.replace('.', '-') + "\", \"password\": \"not-it\"}").send();
    }

    @Test
    void alternatingInstancesSharesOneBucketAndOneBan() {
        String address = "203.0.113.10";
        int admitted = 0;
        for (int i = 0; i < 2 * LIMIT; i++) {
            Reply reply = login(i % 2 == 0 ? one : two, address);
            if (reply.status() == 401) {
                admitted++;
            } else if (reply.status() != 403) {
                // over the limit, and after two such rejections banned
                assertError(reply, 429, "TOO_MANY_REQUESTS");
            }
        }
        int total = admitted;
        assertTrue(total <= LIMIT + 1, () -> total + " admitted across two instances with a limit of " + LIMIT);

        // the rejections above reached the threshold of 2: the ban made through either holds on both
        assertError(one.request("GET", "/api/tasks").header("X-Forwarded-For", address).send(), 403, "IP_BANNED");
        assertError(two.request("GET", "/api/tasks").header("X-Forwarded-For", address).send(), 403, "IP_BANNED");
        assertError(login(two, "203.0.113.11"), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void aBanMadeThroughOneInstanceIsEnforcedByTheOtherAtOnce() {
        String address = "203.0.113.20";
        banThrough(one, address);

        assertError(two.request("POST", "/api/auth/signup").header("X-Forwarded-For", address).json("{}").send(), 403, "IP_BANNED");
    }

    @Test
    void aLogoutOnOneInstanceHoldsOnTheOther() {
        Account account = Account.fresh();
        String address = "203.0.113.30";
        assertEquals(201, one.request("POST", "/api/auth/signup").header("X-Forwarded-For", address).json(account.signupJson()).send().status());
        String token = two.request("POST", "/api/auth/login").header("X-Forwarded-For", address)
                .json("{\"username\": \"" + account.username() + "\", \"password\": \"" + account.password() + "\"}").send()
                .json().getString("token");
        assertEquals(200, two.get("/api/users/me", token).status());

        assertEquals(204, one.send("POST", "/api/auth/logout", token, null).status());

        assertError(two.get("/api/users/me", token), 401, "UNAUTHORIZED");
    }

    @Test
    void aNodeWithAnotherSecretCannotJoin() {
        assertEquals(1, largestView(stranger), () -> "the stranger joined:\n" + stranger.log());
        assertEquals(2, Math.max(largestView(first), largestView(second)), () -> "the members saw another:\n" + first.log());
        assertTrue(stranger.log().contains("protection caches (clustered"), stranger::log);
    }

    @Test
    void aBanMadeByTheStrangerHoldsNowhereElse() {
        String address = "203.0.113.40";
        banThrough(outsider, address);
        assertError(outsider.request("GET", "/api/tasks").header("X-Forwarded-For", address).send(), 403, "IP_BANNED");

        // not banned there: an anonymous request is only unauthorized (a login would meet the account's lockout in the shared database)
        assertError(one.request("GET", "/api/tasks").header("X-Forwarded-For", address).send(), 401, "UNAUTHORIZED");
        assertError(two.request("GET", "/api/tasks").header("X-Forwarded-For", address).send(), 401, "UNAUTHORIZED");
    }

    @Test
    void theClustersBansAndBucketsDoNotReachTheStranger() {
        String banned = "203.0.113.50";
        banThrough(one, banned);
        assertError(two.request("GET", "/api/tasks").header("X-Forwarded-For", banned).send(), 403, "IP_BANNED");
        assertError(outsider.request("GET", "/api/tasks").header("X-Forwarded-For", banned).send(), 401, "UNAUTHORIZED");

        // a bucket emptied by the cluster is full on the stranger
        String limited = "203.0.113.51";
        for (int i = 0; i < LIMIT; i++) {
            assertError(login(i % 2 == 0 ? one : two, limited), 401, "INVALID_CREDENTIALS");
        }
        assertError(login(one, limited), 429, "TOO_MANY_REQUESTS");
        // another account, so that the first one's lockout in the shared database plays no part
        assertError(outsider.request("POST", "/api/auth/login").header("X-Forwarded-For", limited)
                .json("{\"username\": \"somebody-else-51\", \"password\": \"not-it\"}").send(), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void clusteringWithoutASecretRefusesToStart() {
        OptionalInt status = withoutSecret.awaitExit(Duration.ofMinutes(4));
        assertTrue(status.isPresent(), withoutSecret::log);
        assertEquals(78, status.getAsInt(), withoutSecret::log);
        String refusal = withoutSecret.log().lines().filter(line -> line.contains("Task Manager refuses to start: ")).findFirst().orElse("");
        assertTrue(refusal.contains("TASKMANAGER_CLUSTER_SECRET") && refusal.contains("taskmanager.cluster.members"), withoutSecret::log);
    }
}
