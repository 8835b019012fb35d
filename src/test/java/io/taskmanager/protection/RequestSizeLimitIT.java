package io.taskmanager.protection;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bodies over 2 MiB are refused with 413 before they are read, announced or chunked. */
class RequestSizeLimitIT {

    private static final int LIMIT = 2 * 1024 * 1024;

    private final Api api = Api.service();

    /** A JSON object of exactly {@code size} bytes. */
    private static byte[] jsonOfSize(int size) {
        String prefix = "{\"title\": \"x\", \"description\": \"";
        String suffix = "\"}";
        return (prefix + "a".repeat(size - prefix.length() - suffix.length()) + suffix).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anAnnouncedBodyOverTheLimitIs413() {
        Reply reply = api.request("POST", "/api/tasks").bearer(api.freshToken())
                .body("application/json", jsonOfSize(LIMIT + 1)).send();

        JsonObject error = assertError(reply, 413, "PAYLOAD_TOO_LARGE");
        assertEquals(LIMIT, error.getJsonObject("details").getInt("max_bytes"));
    }

    @Test
    void anAnnouncedBodyOverTheLimitIs413AsAProblemForAClientThatTakesOnlyProblems() {
        Reply reply = api.request("POST", "/api/tasks").bearer(api.freshToken()).header("Accept", "application/problem+json")
                .body("application/json", jsonOfSize(LIMIT + 1)).send();

        JsonObject problem = io.taskmanager.support.Api.assertProblem(reply, 413, "PAYLOAD_TOO_LARGE", "/api/tasks#");
        assertEquals(LIMIT, problem.getJsonObject("details").getInt("max_bytes"));
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        Reply reply = api.request("POST", "/api/tasks").bearer(api.freshToken())
                .body("application/json", jsonOfSize(LIMIT)).send();

        // read and judged on its content: the description is far over 10,000 characters
        JsonObject error = assertError(reply, 400, "BAD_REQUEST");
        assertTrue(error.getJsonObject("details").containsKey("description"), error::toString);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(TestEnvironment.service().baseUri().resolve("/api/auth/signup"))
                .header("Content-Type", "application/json")
                // no length: the client sends it chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(jsonOfSize(LIMIT + 4096))))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode(), response.body());
        assertEquals("PAYLOAD_TOO_LARGE", Json.createReader(new java.io.StringReader(response.body())).readObject()
                .getJsonObject("errors").getString("code"));
    }

    /**
     * The way most clients send (no Expect: 100-continue, the whole body written before the
     * answer is read): each must read its 413, never a reset connection, whichever way the race
     * between its writing and the server's answer goes.
     */
    @Test
    void aClientThatWritesItsWholeBodyBeforeReadingGetsThe413() throws IOException {
        // larger than the socket buffers hold, so the client is still writing when the server answers
        URI base = TestEnvironment.service().baseUri();
        byte[] body = jsonOfSize(6 * LIMIT);
        for (int attempt = 0; attempt < 10; attempt++) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/auth/signup HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int tries = attempt + 1;
                assertTrue(answer.startsWith("HTTP/1.1 413"), () -> "try " + tries + ": " + answer);
                assertTrue(answer.contains("PAYLOAD_TOO_LARGE"), answer);
            }
        }
    }

    @Test
    void aHundredMebibyteUploadIsCutOffNearTheLimit() throws IOException {
        URI base = TestEnvironment.service().baseUri();
        long sent = 0;
        String status;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /api/auth/signup HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write("8\r\n{\"a\": \"a\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                // up to 100 MiB, until the server has answered or hung up
                while (sent < 100L * 1024 * 1024 && in.available() == 0) {
                    out.write(chunk);
                    sent += 0x10000;
                }
            } catch (IOException hungUp) {
                // the server closed the connection: what matters is how far it let us get
            }
            byte[] head = in.readNBytes(12);
            status = new String(head, StandardCharsets.US_ASCII);
        }
        assertEquals("HTTP/1.1 413", status);
        long taken = sent;
        assertTrue(taken < 32L * 1024 * 1024, () -> "the server took " + taken + " bytes before answering");
        assertEquals(200, api.get("/health/live", null).status());
    }
}
