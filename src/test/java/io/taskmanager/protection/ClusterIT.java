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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances (Hazelcast off) form one Infinispan cluster over JGroups on loopback: rate
 * limits, bans and revocations hold across both, as behind a load balancer.
 */
class ClusterIT {

    private static final int LIMIT = 4;
    private static ServiceProcess first;
    private static ServiceProcess second;
    private static Api one;
    private static Api two;

    @BeforeAll
    static void startTwoInstances() {
        int firstPort = ServiceProcess.freePort();
        int secondPort = ServiceProcess.freePort();
        String members = "127.0.0.1[" + firstPort + "],127.0.0.1[" + secondPort + "]";
        first = ServiceProcess.start("cluster-1", environment(members, firstPort));
        second = ServiceProcess.start("cluster-2", environment(members, secondPort));
        first.awaitReady(Duration.ofMinutes(4));
        second.awaitReady(Duration.ofMinutes(4));
        assertTrue(first.awaitLog("protection caches (clustered", Duration.ofSeconds(30)), first::log);
        // both members in one view
        assertTrue(ServiceProcess.Poll.until(Duration.ofSeconds(60),
                () -> first.log().contains("ISPN000094") && second.log().contains("ISPN000094")
                        && (first.log().matches("(?s).*ISPN000094.*\\(2\\).*") || second.log().matches("(?s).*ISPN000094.*\\(2\\).*"))),
                () -> "no two-member cluster view:\n" + first.log());
        one = Api.at(first.baseUri());
        two = Api.at(second.baseUri());
    }

    private static Map<String, String> environment(String members, int clusterPort) {
        Map<String, String> environment = TestEnvironment.productionEnvironment(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE));
        environment.putAll(Map.of(
                "TASKMANAGER_BCRYPT_COST", "4",
                "TASKMANAGER_RATELIMIT_AUTH_PER_MINUTE", String.valueOf(LIMIT),
                "TASKMANAGER_BAN_THRESHOLD", "2",
                "TASKMANAGER_CLUSTER_MEMBERS", members,
                "TASKMANAGER_CLUSTER_BIND_PORT", String.valueOf(clusterPort)));
        environment.put("JAVA_TOOL_OPTIONS", "-Djava.net.preferIPv4Stack=true");
        return environment;
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.stop();
        }
        if (second != null) {
            second.stop();
        }
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
        for (int i = 0; i < LIMIT; i++) {
            assertError(login(one, address), 401, "INVALID_CREDENTIALS");
        }
        // the threshold (2) is reached on the second 429, which bans through this instance
        assertError(login(one, address), 429, "TOO_MANY_REQUESTS");
        assertError(login(one, address), 429, "TOO_MANY_REQUESTS");

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
}
