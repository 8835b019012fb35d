package io.taskmanager.protection.boundary;

import io.taskmanager.errors.ErrorCode;
import io.taskmanager.errors.ErrorPageServlet;
import io.taskmanager.TaskManagerApplication;
import io.taskmanager.protection.control.ClientAddresses;
import io.taskmanager.protection.control.IpBans;
import io.taskmanager.protection.control.RequestReception;
import io.taskmanager.protection.control.RequestReception.NotReceived;
import io.taskmanager.protection.control.RequestReception.Reception;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every request body is received whole, under {@link RequestReception}'s admission and deadline,
 * before any other filter, servlet or JAX-RS sees the request; only then does the request take
 * one of the permits to be worked on. web.xml maps it right after the observer and the nosniff
 * header, so the request log and the metrics see its 408s and 503s, and so nothing behind it can
 * answer without the body having been read (a container would then drain the body on the
 * worker thread, outside any limit). Reasons for the mechanism: {@link RequestReception}.
 */
@WebFilter(filterName = "WholeBodyFirst", urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class WholeBodyFirst extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(WholeBodyFirst.class.getName());
    /** Seconds a client refused for want of readers waits: slow bodies hold them up to the read timeout. */
    static final String RETRY_AFTER = "2";
    /** How long an API request waits for a permit to be worked on before it is answered 503. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    /** How long, at most, a refused body is read and dropped so its client can read the 413. */
    static final Duration LINGER_TIME = Duration.ofSeconds(3);
    /** Bodies announced up to this many times the limit are read and dropped; larger ones are cut off. */
    static final long LINGER_FACTOR = 8;
    private static final Semaphore LINGERING = new Semaphore(4);

    @Inject
    RequestReception reception;

    @Inject
    ClientAddresses clientAddresses;

    @Inject
    IpBans bans;

    @Inject
    @ConfigProperty(name = "taskmanager.request.max-bytes", defaultValue = "2097152")
    long maxBytes;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        long announced = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (!chunked && announced <= 0) {
            work(request, response, chain);
            return;
        }
        if (!chunked && announced > maxBytes) {
            // the size limit answers 413 without reading it; the connection closes, not drains
            response.setHeader("Connection", "close");
            work(request, response, chain);
            lingerBeforeClosing(request, response, announced);
            return;
        }
        String client = clientAddresses.clientOf(clientAddresses.of(request));
        Optional<IpBans.Ban> ban = bans.active(client);
        if (ban.isPresent()) {
            // a banned client gets no reader and no memory: BanCheck would refuse it only after its body
            long retryAfter = Math.max(1, Duration.between(Instant.now(), ban.get().until()).toSeconds() + 1);
            response.setHeader("Retry-After", Long.toString(retryAfter));
            refuse(request, response, ErrorCode.IP_BANNED, "This address is temporarily banned");
            return;
        }
        Optional<Reception> admitted = reception.admit(client, chunked ? -1 : announced, maxBytes, started);
        if (admitted.isEmpty()) {
            response.setHeader("Retry-After", RETRY_AFTER);
            refuse(request, response, ErrorCode.SERVICE_UNAVAILABLE, "Too many requests are sending a body right now; try again shortly");
            return;
        }
        try (Reception body = admitted.get()) {
            byte[] received;
            try {
                received = body.receive(request.getInputStream());
            } catch (NotReceived e) {
                switch (e.failure()) {
                    case TIMED_OUT -> refuse(request, response, ErrorCode.REQUEST_TIMEOUT,
                            "The request did not arrive whole within " + reception.readTimeout().toSeconds() + " s");
                    case NO_ROOM -> {
                        response.setHeader("Retry-After", RETRY_AFTER);
                        refuse(request, response, ErrorCode.SERVICE_UNAVAILABLE, "Too many request bodies are held right now; try again shortly");
                    }
                    default -> refuse(request, response, ErrorCode.BAD_REQUEST, "The request body ended before its announced length");
                }
                return;
            }
            boolean tooLarge = received.length > maxBytes;
            if (tooLarge) {
                // the size limit answers 413 from what is here; the rest is dropped, not kept
                response.setHeader("Connection", "close");
            }
            work(new ReceivedRequest(request, received), response, chain);
            if (tooLarge) {
                lingerBeforeClosing(request, response, -1);
            }
        }
    }

    /**
     * Reads and drops what the client is still sending of a refused body ({@code announced}, or
     * -1 when chunked), for a few seconds and up to a few times the limit, before the connection
     * closes. Closing on bytes not read makes
     * the kernel reset the connection, and a client still writing its body (most do: few wait for
     * 100 Continue) would lose the 413 with it. Few at once: beyond them, the connection just closes.
     */
    private void lingerBeforeClosing(HttpServletRequest request, HttpServletResponse response, long announced) {
        long most = LINGER_FACTOR * maxBytes;
        if (announced > most || !LINGERING.tryAcquire()) {
            return;
        }
        try {
            response.flushBuffer();
            long deadline = System.nanoTime() + LINGER_TIME.toNanos();
            InputStream body = request.getInputStream();
            byte[] dropped = new byte[64 * 1024];
            long left = announced < 0 ? most : announced;
            while (left > 0 && System.nanoTime() < deadline) {
                int read = body.read(dropped, 0, (int) Math.min(dropped.length, left));
                if (read < 0) {
                    break;
                }
                left -= read;
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "a refused body stopped arriving: {0}", e.toString());
        } finally {
            LINGERING.release();
        }
    }

    /**
     * API requests are worked on under a permit; the rest (health, metrics, the OpenAPI document,
     * the docs page) are copies from memory and never wait behind the API: a probe must answer
     * while the API is busy, and a client that does not read a large static answer must not hold
     * a permit while it is written.
     */
    private void work(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(TaskManagerApplication.PATH + "/") && !path.equals(TaskManagerApplication.PATH)) {
            chain.doFilter(request, response);
            return;
        }
        if (!reception.startWork(PATIENCE)) {
            response.setHeader("Retry-After", RETRY_AFTER);
            refuse(request, response, ErrorCode.SERVICE_UNAVAILABLE, "The service is busy; try again shortly");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            reception.finishWork();
        }
    }

    /** The envelope with the connection closed: the rest of the body is never read. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message) {
        response.setHeader("Connection", "close");
        try {
            ErrorPageServlet.send(request, response, code, message, request.getRequestURI(), null);
        } catch (IOException | IllegalStateException e) {
            // the client is gone (the connection broke or was closed under the late read): nothing to tell it
            LOG.log(Level.FINE, "no answer to a request whose body was not received: {0}", e.toString());
        }
    }

    /** The request with its body already here. */
    static final class ReceivedRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private ServletInputStream stream;

        ReceivedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            if (stream == null) {
                stream = new ReceivedBody(body);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class ReceivedBody extends ServletInputStream {

        private final ByteArrayInputStream in;

        ReceivedBody(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return in.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body was received in blocking mode");
        }
    }
}
