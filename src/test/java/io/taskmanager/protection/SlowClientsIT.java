package io.taskmanager.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.RawHttp;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow and stalled clients over real sockets, against a service of its own (8 HTTP workers, as
 * shipped) whose read timeout is 5 s: 50 connections trickling request bodies and 50 trickling
 * request headers, one byte a second each, re-opened whenever the server closes one, cannot
 * keep {@code /health/live} or an authenticated {@code GET /api/tasks} from answering within
 * 1 s; and a request that has not arrived whole after the read timeout is closed, its body or
 * its header block (the latter answered 408 first), while a kept-alive connection that is
 * idle between requests is not.
 */
class SlowClientsIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int SLOW_BODIES = 50;
    private static final int SLOW_HEADERS = 50;
    /** How long an answer may take while the slow connections hold on. */
    private static final Duration PROMPT = Duration.ofSeconds(1);
    /** After the slow connections open, probes are not judged for this long. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private static ServiceProcess service;
    private static String token;

    @BeforeAll
    static void start() {
        Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(TestEnvironment.DATABASE));
        environment.put("TASKMANAGER_HTTP_READ_TIMEOUT", "PT5S");
        service = ServiceProcess.start("slow-clients", environment);
        // start-up is not under test; a machine shared with other builds has taken over 3 minutes
        service.awaitReady(Duration.ofMinutes(6));
        token = Api.at(service.baseUri()).freshToken();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void trickledBodiesAndHeadersLeaveEveryOtherRequestAnswered() throws Exception {
        URI base = service.baseUri();
        AtomicInteger address = new AtomicInteger();
        // a 100 KB signup that never arrives, each from an address of its own (loopback is a trusted
        // proxy), so no per-address limit turns it away early; its dripped bytes extend a JSON
        // string, so a parser reading along has nothing to refuse. And a header block that never ends.
        IntFunction<String> slowBody = n -> "POST /api/auth/signup HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Forwarded-For: 203.0." + (n / 250) + "." + (n % 250 + 1) + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"username\": \"";
        IntFunction<String> slowHeader = n -> "GET /api/tasks HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
        try (Trickle trickle = new Trickle(base)) {
            for (int i = 0; i < SLOW_BODIES; i++) {
                trickle.open(() -> slowBody.apply(address.incrementAndGet()));
            }
            List<Trickle.Slow> headers = new ArrayList<>();
            for (int i = 0; i < SLOW_HEADERS; i++) {
                headers.add(trickle.open(() -> slowHeader.apply(0)));
            }
            trickle.start();
            // probes from the start, for 2 s of grace (not judged) and then 3 read timeouts (all
            // judged), so that slow connections the server closes are re-opened on the way
            List<String> late = new ArrayList<>();
            int probes = 0;
            long judged = System.nanoTime() + GRACE.toNanos();
            long end = judged + 3 * READ_TIMEOUT.toNanos();
            while (System.nanoTime() < end) {
                List<String> record = System.nanoTime() >= judged ? late : new ArrayList<>();
                probes += record == late ? 2 : 0;
                probe(base, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", record);
                probe(base, "GET /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nConnection: close\r\n\r\n", record);
            }
            System.out.printf("slow clients: %d probes judged, %d late or unanswered; %d slow connections opened in all, %d open at the end%n",
                    probes, late.size(), trickle.opened(), trickle.open());
            int judgedProbes = probes;
            assertTrue(late.isEmpty(), () -> late.size() + " of " + judgedProbes + " probes not answered within " + PROMPT + ": " + late);
            // and a body that arrives at once is still read and acted on, beside the slow ones
            String task = "{\"title\": \"beside slow clients\"}";
            RawHttp.Answer created = RawHttp.exchange(base, ("POST /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\nContent-Type: application/json\r\nContent-Length: " + task.length()
                    + "\r\nConnection: close\r\n\r\n" + task).getBytes(StandardCharsets.US_ASCII), false, Duration.ofSeconds(5));
            assertEquals(201, created.status(), created::text);
            assertTrue(trickle.open() >= (SLOW_BODIES + SLOW_HEADERS) / 2,
                    () -> "the slow connections did not hold on: " + trickle.open() + " open");
            // the server closed every header trickler at its deadline (and it came back)
            long neverClosed = headers.stream().filter(slow -> slow.connects() < 2).count();
            assertEquals(0, neverClosed, () -> neverClosed + " of " + SLOW_HEADERS
                    + " trickled header blocks were never closed in " + (GRACE.plus(READ_TIMEOUT.multipliedBy(3))));
        }
    }

    /** One probe on a fresh connection: a 200 within {@link #PROMPT}, or a line in {@code late}. */
    private static void probe(URI base, String request, List<String> late) {
        long started = System.nanoTime();
        RawHttp.Answer answer = RawHttp.exchange(base, request.getBytes(StandardCharsets.ISO_8859_1), false, Duration.ofSeconds(5));
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (answer.status() != 200 || millis > PROMPT.toMillis()) {
            late.add(request.substring(0, request.indexOf(" HTTP/")) + " -> " + answer.status() + " after " + millis + " ms"
                    + (answer.failure() == null ? "" : " (" + answer.failure() + ")"));
        }
    }

    /**
     * 24 connections from three addresses announce the largest body allowed (2 MiB) and stall.
     * Announcing costs nothing, so it must reserve nothing: before, each reserved its 2 MiB of the
     * 32 MiB held-bodies budget up front, and every other client's body was 503 until they timed out.
     */
    @Test
    void stalledAnnouncementsOfTheLargestBodyLeaveOtherBodiesTheirMemory() throws Exception {
        URI base = service.baseUri();
        List<Socket> stalled = stallBodies(base, 24, 3, "198.18.2.", 2_097_152);
        try {
            // well inside the read timeout, while they all hold on: other clients' bodies are read and acted on
            List<Integer> answers = new ArrayList<>();
            long end = System.nanoTime() + READ_TIMEOUT.dividedBy(2).toNanos();
            while (System.nanoTime() < end && answers.size() < 40) {
                answers.add(signUp(base, "198.18.3." + (1 + answers.size())));
            }
            assertTrue(answers.stream().allMatch(status -> status == 201), () -> "signups beside 24 stalled 2 MiB bodies: " + answers);
        } finally {
            closeAll(stalled);
        }
    }

    /**
     * 56 connections from 7 addresses (8 each, the most one client may have) take every reader
     * the service has and stall. Once they have had a second to show their pace, a newcomer's body
     * is received all the same: the slowest stalled body is answered 408 to make room for it.
     */
    @Test
    void stalledBodiesFromAFewAddressesCannotKeepEveryReader() throws Exception {
        URI base = service.baseUri();
        List<Socket> stalled = stallBodies(base, 56, 7, "198.18.4.", 1000);
        try {
            long opened = System.nanoTime();
            // a body younger than 1 s is never evicted, so newcomers may be turned away (503) at
            // first; judged are those sent from 2 s on, when every stalled body can be judged,
            // until the read timeout would end the stalled bodies anyway
            long judged = opened + Duration.ofSeconds(2).toNanos();
            long end = opened + READ_TIMEOUT.minusMillis(1000).toNanos();
            List<Integer> early = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            int sent = 0;
            while (System.nanoTime() < end && others.size() < 20) {
                List<Integer> record = System.nanoTime() >= judged ? others : early;
                record.add(signUp(base, "198.18.5." + (1 + sent++ % 250)));
            }
            System.out.printf("56 stalled bodies: %d newcomers in the first 2 s (%d of them 201), then %s%n",
                    early.size(), early.stream().filter(status -> status == 201).count(), others);
            assertTrue(!others.isEmpty() && others.stream().allMatch(status -> status == 201), () -> "newcomers beside the stalled bodies: " + others);
        } finally {
            closeAll(stalled);
        }
    }

    /** {@code count} signups, {@code length} bytes announced, from {@code addresses} addresses in turn, that send 14 bytes of it and stall. */
    private static List<Socket> stallBodies(URI base, int count, int addresses, String addressPrefix, int length) throws IOException {
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(base.getHost(), base.getPort());
            stalled.add(socket);
            socket.getOutputStream().write(("POST /api/auth/signup HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + addressPrefix + (1 + i % addresses)
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{\"username\": \"")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return stalled;
    }

    /** A fresh account's signup from {@code address} (through the trusted loopback proxy): its status. */
    private static int signUp(URI base, String address) {
        String name = "s" + Long.toString(System.nanoTime(), 36);
        String body = "{\"username\": \"" + name + "\", \"email\": \"" + name + "@example.com\", \"password\": \"correct-horse-battery\"}";
        return RawHttp.exchange(base, ("POST /api/auth/signup HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII), false, Duration.ofSeconds(5)).status();
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /**
     * 8 connections ask for the 1.6 MB Swagger bundle ten times each and never read: the answers
     * wait on full socket buffers for the server's write timeout. Before, each held one of the 8
     * permits to work while it was written, and /health/live waited 27 s behind them.
     */
    @Test
    void clientsThatDoNotReadTheirAnswersKeepNoProbeWaiting() throws Exception {
        URI base = service.baseUri();
        String request = "GET /docs/swagger-ui-bundle.js HTTP/1.1\r\nHost: localhost\r\n\r\n";
        List<Socket> deaf = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
                deaf.add(socket);
                socket.getOutputStream().write(request.repeat(10).getBytes(StandardCharsets.US_ASCII));
            }
            List<String> late = new ArrayList<>();
            int probes = 0;
            long end = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < end) {
                probes += 2;
                probe(base, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", late);
                probe(base, "GET /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nConnection: close\r\n\r\n", late);
            }
            int judged = probes;
            assertTrue(late.isEmpty(), () -> late.size() + " of " + judged + " probes beside 8 clients that do not read: " + late);
        } finally {
            closeAll(deaf);
        }
    }

    @Test
    void aRequestNotReceivedWholeWithinTheReadTimeoutIsClosed() throws Exception {
        String head = "POST /api/auth/signup HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 198.18.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\": \"";
        try (Socket stalled = new Socket(service.baseUri().getHost(), service.baseUri().getPort());
                Socket trickling = new Socket(service.baseUri().getHost(), service.baseUri().getPort())) {
            long started = System.nanoTime();
            stalled.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            trickling.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            // one connection sends nothing more; the other a byte every 500 ms, which never
            // lets it sit idle long but never completes the body either
            Duration[] closedAfter = awaitBothClosed(stalled, trickling, started, new ByteArrayOutputStream(), new ByteArrayOutputStream());
            Duration stalledClosed = closedAfter[0];
            Duration tricklingClosed = closedAfter[1];
            System.out.println("read timeout " + READ_TIMEOUT + ": stalled request closed after " + stalledClosed
                    + ", trickling one after " + tricklingClosed);
            assertClosedInWindow("the stalled request", stalledClosed);
            assertClosedInWindow("the trickling request", tricklingClosed);
        }
    }

    @Test
    void aHeaderBlockNotCompleteWithinTheReadTimeoutIsAnswered408AndClosed() throws Exception {
        String head = "GET /api/tasks HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
        try (Socket stalled = new Socket(service.baseUri().getHost(), service.baseUri().getPort());
                Socket trickling = new Socket(service.baseUri().getHost(), service.baseUri().getPort())) {
            long started = System.nanoTime();
            stalled.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            trickling.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream stalledAnswer = new ByteArrayOutputStream();
            ByteArrayOutputStream tricklingAnswer = new ByteArrayOutputStream();
            Duration[] closedAfter = awaitBothClosed(stalled, trickling, started, stalledAnswer, tricklingAnswer);
            Duration stalledClosed = closedAfter[0];
            Duration tricklingClosed = closedAfter[1];
            System.out.println("read timeout " + READ_TIMEOUT + ": stalled header block closed after " + stalledClosed
                    + ", trickling one after " + tricklingClosed);
            assertClosedInWindow("the stalled header block", stalledClosed);
            assertClosedInWindow("the trickling header block", tricklingClosed);
            assertRequestTimeout(stalledAnswer);
            assertRequestTimeout(tricklingAnswer);
        }
    }

    @Test
    void aKeptAliveConnectionIdleBetweenRequestsIsNotClosedButItsNextTrickledHeaderIs() throws Exception {
        try (Socket socket = new Socket(service.baseUri().getHost(), service.baseUri().getPort())) {
            socket.setSoTimeout(5000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] request = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(request);
            assertEquals(200, RawHttp.read(in).status());
            // idle for longer than the read timeout: the keep-alive timeout (30 s) governs it, not the deadline
            long idleUntil = System.nanoTime() + READ_TIMEOUT.plusSeconds(2).toNanos();
            while (System.nanoTime() < idleUntil) {
                assertTrue(!closedYet(socket, in, Duration.ofMillis(250)), "the idle kept-alive connection was closed");
            }
            socket.setSoTimeout(5000);
            out.write(request);
            assertEquals(200, RawHttp.read(in).status(), "the second request on the kept-alive connection");
            // the next request's header block trickles: its deadline starts with its first byte
            long started = System.nanoTime();
            out.write("GET /api/tasks HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            Duration closedAfter = null;
            long deadline = started + READ_TIMEOUT.multipliedBy(3).toNanos();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (closedAfter == null && System.nanoTime() < deadline) {
                if (closed(socket, in, Duration.ofMillis(250), answer)) {
                    closedAfter = Duration.ofNanos(System.nanoTime() - started);
                } else {
                    try {
                        out.write('a');
                    } catch (IOException e) {
                        closedAfter = Duration.ofNanos(System.nanoTime() - started);
                    }
                }
            }
            System.out.println("read timeout " + READ_TIMEOUT + ": a kept-alive connection's trickled header block closed after " + closedAfter);
            assertClosedInWindow("the kept-alive connection's trickled header block", closedAfter);
            assertRequestTimeout(answer);
        }
    }

    /** What the server said before it closed: a 408 in the error envelope. */
    private static void assertRequestTimeout(ByteArrayOutputStream answer) {
        String text = answer.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("HTTP/1.1 408 "), () -> "not a 408: " + text);
        assertTrue(text.matches("(?s).*\"code\"\\s*:\\s*\"REQUEST_TIMEOUT\".*") && text.matches("(?s).*\"status\"\\s*:\\s*408.*"),
                () -> "not the error envelope: " + text);
        assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), () -> "no Connection: close: " + text);
    }

    /** Whether the server has ended the connection, without reading an answer that may still come. */
    private static boolean closedYet(Socket socket, InputStream in, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return true;
            }
            in.reset();
            throw new AssertionError("unexpected bytes on an idle connection");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Until both are closed (or three read timeouts pass): one socket sends nothing more, the
     * other a byte every 250 ms or so, which never lets it sit idle long but never completes its
     * request. How long after {@code started} each was closed (null: still open), what each
     * received kept in its {@code answer}.
     */
    private static Duration[] awaitBothClosed(Socket stalled, Socket trickling, long started,
                                              ByteArrayOutputStream stalledAnswer, ByteArrayOutputStream tricklingAnswer) throws IOException {
        Duration stalledClosed = null;
        Duration tricklingClosed = null;
        long deadline = started + READ_TIMEOUT.multipliedBy(3).toNanos();
        while ((stalledClosed == null || tricklingClosed == null) && System.nanoTime() < deadline) {
            if (stalledClosed == null && closed(stalled, Duration.ofMillis(250), stalledAnswer)) {
                stalledClosed = Duration.ofNanos(System.nanoTime() - started);
            }
            if (tricklingClosed == null) {
                if (closed(trickling, Duration.ofMillis(250), tricklingAnswer)) {
                    tricklingClosed = Duration.ofNanos(System.nanoTime() - started);
                } else {
                    try {
                        trickling.getOutputStream().write('a');
                    } catch (IOException e) {
                        tricklingClosed = Duration.ofNanos(System.nanoTime() - started);
                    }
                }
            }
        }
        return new Duration[] {stalledClosed, tricklingClosed};
    }

    /** Closed no earlier than the read timeout, and at most 3 s after it. */
    private static void assertClosedInWindow(String what, Duration closedAfter) {
        assertTrue(closedAfter != null, what + " was still open " + READ_TIMEOUT.multipliedBy(3) + " after it started");
        assertTrue(closedAfter.compareTo(READ_TIMEOUT.minusMillis(500)) >= 0, what + " was closed early, after " + closedAfter);
        assertTrue(closedAfter.compareTo(READ_TIMEOUT.plusSeconds(3)) <= 0, what + " was closed late, after " + closedAfter);
    }

    /**
     * Whether the server has ended the connection: it reads to the end of the stream (after
     * whatever answer came first, kept in {@code seen}) or is reset, within {@code wait}.
     */
    private static boolean closed(Socket socket, Duration wait, ByteArrayOutputStream seen) throws IOException {
        return closed(socket, socket.getInputStream(), wait, seen);
    }

    private static boolean closed(Socket socket, InputStream in, Duration wait, ByteArrayOutputStream seen) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            byte[] buffer = new byte[4096];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Connections that each send what they were opened with, then one more byte a second for as
     * long as they live; one the server closes is opened again, as a determined client would.
     */
    private static final class Trickle implements AutoCloseable {

        private final URI base;
        private final List<Slow> connections = new ArrayList<>();
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger opened = new AtomicInteger();

        Trickle(URI base) {
            this.base = base;
        }

        Slow open(java.util.function.Supplier<String> start) throws IOException {
            Slow slow = new Slow(start);
            slow.connect();
            connections.add(slow);
            return slow;
        }

        void start() {
            clock.scheduleWithFixedDelay(() -> connections.forEach(Slow::drip), 1, 1, TimeUnit.SECONDS);
        }

        int opened() {
            return opened.get();
        }

        int open() {
            return (int) connections.stream().filter(slow -> !slow.socket.isClosed()).count();
        }

        @Override
        public void close() throws InterruptedException {
            clock.shutdownNow();
            clock.awaitTermination(10, TimeUnit.SECONDS);
            connections.forEach(Slow::close);
        }

        final class Slow {

            private final java.util.function.Supplier<String> start;
            private final AtomicInteger connects = new AtomicInteger();
            private volatile Socket socket;

            Slow(java.util.function.Supplier<String> start) {
                this.start = start;
            }

            void connect() throws IOException {
                socket = new Socket(base.getHost(), base.getPort());
                socket.getOutputStream().write(start.get().getBytes(StandardCharsets.US_ASCII));
                opened.incrementAndGet();
                connects.incrementAndGet();
            }

            /** How many times this one has connected: more than once when the server closed it. */
            int connects() {
                return connects.get();
            }

            void drip() {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write('a');
                    out.flush();
                } catch (IOException e) {
                    close();
                    try {
                        connect();
                    } catch (IOException again) {
                        // the next drip tries again
                    }
                }
            }

            void close() {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
