package io.taskmanager.operations;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.RunningServer;
import io.taskmanager.support.ServiceProcess.Poll;
import io.taskmanager.support.TestEnvironment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The request log of the shared service: one logfmt line per request with its route template,
 * status, duration, user and client, and the instance id of an error; never a secret.
 */
class RequestLogIT {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    private final RunningServer server = TestEnvironment.service();
    private final Api api = Api.at(server.baseUri());

    /** A client address of this test's own (loopback is a trusted proxy), to find its lines by. */
    private static String freshAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "203.0." + (113 + n / 250) + "." + (n % 250 + 1);
    }

    @Test
    void aRequestIsOneLineWithItsRouteTemplateStatusDurationUserAndClient() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        String token = api.login(account);
        long userId = api.userId(token);
        String client = freshAddress();

        Reply me = api.request("GET", "/api/users/me").bearer(token).header("X-Forwarded-For", client).send();

        assertEquals(200, me.status());
        Map<String, String> line = awaitLine("client=" + client);
        assertEquals(List.of("method", "route", "status", "duration_ms", "user", "client"), List.copyOf(line.keySet()));
        assertEquals("GET", line.get("method"));
        assertEquals("/api/users/me", line.get("route"));
        assertEquals("200", line.get("status"));
        assertTrue(Double.parseDouble(line.get("duration_ms")) >= 0, line::toString);
        assertEquals(Long.toString(userId), line.get("user"));
        assertEquals(client, line.get("client"));
        assertEquals(1, linesWith("client=" + client).size(), "one line per request");
    }

    @Test
    void anErrorLineCarriesTheCodeAndTheInstanceIdTheClientWasGiven() {
        String token = api.freshToken();
        String client = freshAddress();

        Reply missing = api.request("GET", "/api/tasks/987654321").bearer(token).header("X-Forwarded-For", client).send();

        String instance = assertError(missing, 404, "NOT_FOUND").getString("instance");
        Map<String, String> line = awaitLine("client=" + client);
        assertEquals("/api/tasks/{id}", line.get("route"));
        assertEquals("404", line.get("status"));
        assertEquals("NOT_FOUND", line.get("error"));
        assertEquals(instance, line.get("instance"));
    }

    @Test
    void aRefusedTokenIsLoggedWithItsRouteAndWithoutTheToken() {
        String client = freshAddress();
        String forged = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.forged-" + client.replace('.', '-');

        Reply refused = api.request("GET", "/api/tasks").header("Authorization", "Bearer " + forged).header("X-Forwarded-For", client).send();

        String instance = assertError(refused, 401, "UNAUTHORIZED").getString("instance");
        Map<String, String> line = awaitLine("client=" + client);
        assertEquals("/api/tasks", line.get("route"));
        assertEquals("401", line.get("status"));
        assertEquals("-", line.get("user"));
        assertEquals(instance, line.get("instance"));
        assertFalse(server.log().contains(forged), "the refused token reached the log");
    }

    @Test
    void passwordsTokensAndResetCodesNeverReachTheLog() {
        Account account = Account.fresh();
        String client = freshAddress();
        assertEquals(201, api.request("POST", "/api/auth/signup").header("X-Forwarded-For", client).json(account.signupJson()).send().status());
        String token = api.login(account);
        Reply forgot = api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}");
        assertEquals(200, forgot.status(), forgot::body);
        String otpToken = forgot.json().getString("otp-token");
        String code = new Mailbox(account.email()).await(1).code();
        Reply verified = api.send("POST", "/api/auth/verify-otp", otpToken,
                "{\"email\": \"" + account.email() + "\", \"otp\": \"" + code + "\"}");
        assertEquals(200, verified.status(), verified::body);
        String resetToken = verified.json().getString("reset-token");

        awaitLine("client=" + client);
        String log = server.log();
        for (String secret : List.of(account.password(), token, otpToken, resetToken)) {
            assertFalse(log.contains(secret), () -> "a secret reached the log: " + secret.substring(0, 6) + "…");
        }
        assertFalse(Pattern.compile("\\b" + code + "\\b").matcher(log).find(), "the reset code reached the log");
    }

    @Test
    void aPathCannotForgeALogLine() {
        String client = freshAddress();

        Reply reply = api.request("GET", "/api/tasks/1%0Amethod=GET%20route=forged%22%0D").header("X-Forwarded-For", client).send();

        assertError(reply, 401, "UNAUTHORIZED");
        Map<String, String> line = awaitLine("client=" + client);
        assertEquals("/api/tasks/{id}", line.get("route"));
        List<String> mentions = server.log().lines().filter(l -> l.contains("forged")).toList();
        assertEquals(1, mentions.size(), () -> "a path split or forged a log line: " + mentions);
        assertTrue(mentions.get(0).contains("client=" + client + " error=UNAUTHORIZED instance=\""), mentions::toString);
    }

    private Map<String, String> awaitLine(String marker) {
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> !linesWith(marker).isEmpty()), "no request log line with " + marker);
        return parse(linesWith(marker).get(0));
    }

    private List<String> linesWith(String marker) {
        return server.log().lines().filter(l -> l.contains("method=") && l.contains(" route=") && l.contains(marker)).toList();
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(line.substring(line.indexOf("method=")));
        while (field.find()) {
            String value = field.group(2);
            fields.put(field.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\") : value);
        }
        return fields;
    }
}
