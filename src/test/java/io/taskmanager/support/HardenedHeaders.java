package io.taskmanager.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * API.md: every response carries {@code X-Content-Type-Options: nosniff} and no {@code Server}
 * (or {@code X-Powered-By}) header naming a product or version. Checked on one answer of each
 * layer that writes answers, over raw HTTP so nothing between hides a header.
 */
public final class HardenedHeaders {

    private HardenedHeaders() {
    }

    /** Asserts the headers of one answer; {@code headers} as {@link RawHttp.Answer} keeps them (lower-case names). */
    public static void assertHardened(String what, Map<String, List<String>> headers) {
        List<String> nosniff = values(headers, "x-content-type-options");
        assertEquals(List.of("nosniff"), nosniff, () -> what + ": " + headers);
        assertEquals(List.of(), values(headers, "server"), () -> what + " names its server: " + headers);
        assertEquals(List.of(), values(headers, "x-powered-by"), () -> what + " names its platform: " + headers);
    }

    /**
     * One request to each kind of answer the service gives: JAX-RS successes and errors, the
     * servlet error page, the method allow-list's 405, the escaped dot-segment 400, static /docs
     * files, health ({@code health} is where /health answers), /metrics and /openapi.
     */
    public static void assertOnEveryKindOfAnswer(URI base, URI health, String token) {
        List<String[]> requests = new ArrayList<>(List.of(
                new String[] {"GET", "/api/tasks", token},
                new String[] {"POST", "/api/tasks", token},
                new String[] {"GET", "/api/tasks", null},
                new String[] {"GET", "/api/tasks/987654321", token},
                new String[] {"GET", "/api/nothing", null},
                new String[] {"OPTIONS", "/api/tasks", null},
                new String[] {"DELETE", "/api/auth/login", null},
                new String[] {"PROPFIND", "/api/tasks", null},
                new String[] {"GET", "/no-such-page.html", null},
                new String[] {"GET", "/api/%2e%2e/metrics", null},
                new String[] {"GET", "/docs/", null},
                new String[] {"GET", "/docs/swagger-ui.css", null},
                new String[] {"GET", "/metrics", null},
                new String[] {"GET", "/openapi", null}));
        for (String[] request : requests) {
            RawHttp.Answer answer = send(base, request[0], request[1], request[2]);
            assertTrue(answer.status() > 0, () -> request[0] + " " + request[1] + ": " + answer.failure());
            assertHardened(request[0] + " " + request[1] + " (" + answer.status() + ")", answer.headers());
        }
        for (String path : List.of("/health/live", "/health/ready", "/health")) {
            RawHttp.Answer answer = send(health, "GET", path, null);
            assertTrue(answer.status() > 0, () -> path + ": " + answer.failure());
            assertHardened("GET " + path + " (" + answer.status() + ")", answer.headers());
        }
    }

    private static RawHttp.Answer send(URI base, String method, String path, String token) {
        boolean body = method.equals("POST");
        String json = "{\"title\": \"headers\"}";
        String request = method + " " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + (body ? "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json : "\r\n");
        return RawHttp.exchange(base, request.getBytes(StandardCharsets.ISO_8859_1), method.equals("HEAD"), Duration.ofSeconds(30));
    }

    private static List<String> values(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream()).toList();
    }
}
