package io.taskmanager.protection.control;

import io.taskmanager.platform.StartupChecks;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Receives request bodies whole before the application works on them, so that a slow or
 * stalled client costs a bounded share of the server, never all of it.
 *
 * <p>Why this mechanism. The servers read a body in blocking mode: the HTTP worker thread
 * that runs a request waits in each read until bytes come. A client that announces a body and
 * sends a byte now and then holds its thread for as long as it likes, and 8 of them held all
 * 8 threads the service had (issue 17). Three things together end that, keeping the blocking
 * model (the Servlet non-blocking reads we tried need an ASYNC re-dispatch, which on Payara
 * loses the CDI request context and the error page, and raced the connection's end there):
 * <ol>
 * <li><b>Admission.</b> Only {@code taskmanager.http.max-body-readers} requests at a time (and
 * {@code .max-body-readers-per-client} per client: an IPv4 address or an IPv6 /64) may be
 * receiving a body; the server has more worker threads than that (72 where 56 may read), so
 * the rest always find a thread. With every reader taken, the slowest body makes room
 * ({@link #evictSlowest()}); one over the limit is otherwise answered at once, 503 with
 * {@code Retry-After}, without reading its body.</li>
 * <li><b>A deadline for the whole request.</b> A body not received within
 * {@code taskmanager.http.read-timeout} of the request's start is answered 408 and its
 * connection closed, however steadily its bytes trickle. A read that waits past the deadline
 * (a sender that stalled) is interrupted: {@link #sweep()} interrupts only a thread that is
 * inside this class's read, and the reader clears the interrupt before it goes on, so the
 * interrupt never reaches other code on that pooled thread. Grizzly's own request timeout
 * interrupts its workers the same way; the blocked read ends with an exception.</li>
 * <li><b>Work only once the body is here.</b> API requests hold one of
 * {@code taskmanager.http.max-active-requests} (8) permits while the application works on
 * them, taken after the body is received: the bench found 8 requests at once best for two
 * cores (bench/RESULTS.md), which is what the 8 worker threads used to enforce. The thread
 * pool now is larger, for the waiting readers; the permits keep the work at 8 at once.</li>
 * </ol>
 * Received bodies are held in memory until their request ends, at most
 * {@code taskmanager.http.max-buffered-bytes} in all and a client's share of it per client;
 * over that, 503 as well. Memory is taken as bytes arrive, never as announced: an announcement
 * costs the sender nothing, and 16 stalled 2 MiB announcements once took the whole budget.
 */
@ApplicationScoped
public class RequestReception {

    private static final Duration SWEEP_EVERY = Duration.ofMillis(200);
    private static final int FIRST_CHUNK = 8192;
    /** A body younger than this is never evicted: it has not had the time to show its pace. */
    static final Duration EVICTABLE_AFTER = Duration.ofSeconds(1);
    private static final Duration EVICTION_WAIT = Duration.ofSeconds(1);

    @Inject
    @ConfigProperty(name = "taskmanager.http.read-timeout", defaultValue = "PT30S")
    Duration readTimeout;

    @Inject
    @ConfigProperty(name = "taskmanager.http.max-body-readers", defaultValue = "56")
    int maxBodyReaders;

    @Inject
    @ConfigProperty(name = "taskmanager.http.max-body-readers-per-client", defaultValue = "8")
    int maxBodyReadersPerClient;

    @Inject
    @ConfigProperty(name = "taskmanager.http.max-active-requests", defaultValue = "8")
    int maxActiveRequests;

    @Inject
    @ConfigProperty(name = "taskmanager.http.max-buffered-bytes", defaultValue = "33554432")
    int maxBufferedBytes;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private Semaphore readers;
    private Semaphore bufferedBytes;
    private Semaphore active;
    private final ConcurrentHashMap<String, Integer> readersPerClient = new ConcurrentHashMap<>();
    /** Bytes each client's bodies hold; at most its share of the budget, so a few clients cannot take all of it. */
    private final ConcurrentHashMap<String, Long> bytesPerClient = new ConcurrentHashMap<>();
    private final Set<Reception> receiving = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> sweeper;

    /** Reads the settings while the application starts, so a bad one refuses the start, not a request. */
    void readAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // being called constructs the bean, and its @PostConstruct checks the settings
    }

    @PostConstruct
    void start() {
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw StartupChecks.refuse("taskmanager.http.read-timeout (env TASKMANAGER_HTTP_READ_TIMEOUT) must be positive, not " + readTimeout);
        }
        requirePositive("taskmanager.http.max-body-readers", maxBodyReaders);
        requirePositive("taskmanager.http.max-body-readers-per-client", maxBodyReadersPerClient);
        requirePositive("taskmanager.http.max-active-requests", maxActiveRequests);
        requirePositive("taskmanager.http.max-buffered-bytes", maxBufferedBytes);
        createLimits();
        sweeper = scheduler.scheduleAtFixedRate(this::sweep, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void createLimits() {
        readers = new Semaphore(maxBodyReaders);
        bufferedBytes = new Semaphore(maxBufferedBytes);
        // fair: waiting requests go in arrival order, as they did in the listener's queue
        active = new Semaphore(maxActiveRequests, true);
    }

    /** Permits free now: readers, buffered bytes (for tests and their reports). */
    int freeReaders() {
        return readers.availablePermits();
    }

    int freeBufferedBytes() {
        return bufferedBytes.availablePermits();
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw StartupChecks.refuse(name + " (env " + name.toUpperCase().replace('.', '_').replace('-', '_')
                    + ") must be at least 1, not " + value);
        }
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * A place to receive a body of {@code announced} bytes (-1: chunked, size unknown) for
     * {@code client}, or empty when the readers or the memory are all taken.
     */
    public Optional<Reception> admit(String client, long announced, long limit, long startedNanos) {
        if (!readers.tryAcquire() && !readerMadeFreeFor(client)) {
            return Optional.empty();
        }
        boolean admitted = false;
        try {
            int[] count = {0};
            readersPerClient.compute(client, (key, current) -> {
                count[0] = current == null ? 0 : current;
                return count[0] < maxBodyReadersPerClient ? count[0] + 1 : current;
            });
            if (count[0] >= maxBodyReadersPerClient) {
                return Optional.empty();
            }
            Reception reception = new Reception(client, announced, limit, startedNanos + readTimeout.toNanos());
            if (!reception.reserve(reception.firstSize())) {
                leave(client);
                return Optional.empty();
            }
            admitted = true;
            return Optional.of(reception);
        } finally {
            if (!admitted) {
                readers.release();
            }
        }
    }

    /**
     * With every reader taken, a client still under its own share gets the reader of the slowest
     * body; one already at its share evicts nobody.
     */
    private boolean readerMadeFreeFor(String client) {
        return readersPerClient.getOrDefault(client, 0) < maxBodyReadersPerClient && evictSlowest() && awaitReader();
    }

    /**
     * All readers taken: the slowest body (fewest bytes a second, receiving for at least
     * {@link #EVICTABLE_AFTER}) is ended with a 408, so stalled senders from a handful of
     * addresses cannot keep every reader from newcomers until the read timeout, again and
     * again. Under such a siege a sender at a byte a second always goes first; a body that
     * arrives at network speed is never the slowest.
     */
    private boolean evictSlowest() {
        long now = System.nanoTime();
        Reception slowest = null;
        double slowestRate = Double.MAX_VALUE;
        for (Reception candidate : receiving) {
            double rate = candidate.rate(now);
            if (rate >= 0 && rate < slowestRate) {
                slowest = candidate;
                slowestRate = rate;
            }
        }
        return slowest != null && slowest.evict();
    }

    /** The evicted reader gives its permit back once its thread leaves the read: a moment. */
    private boolean awaitReader() {
        try {
            return readers.tryAcquire(EVICTION_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void leave(String client) {
        readersPerClient.computeIfPresent(client, (key, current) -> current <= 1 ? null : current - 1);
    }

    /**
     * Waits, in arrival order, at most {@code patience} for one of the permits to work; false when
     * none came (the caller answers 503). {@link #finishWork()} gives a permit back. Bounded, so a
     * client that holds permits by not reading its answers delays others, never stalls them.
     */
    public boolean startWork(Duration patience) {
        try {
            return active.tryAcquire(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void finishWork() {
        active.release();
    }

    /** Interrupts the reads that wait past their deadline; each reader clears its interrupt itself. */
    void sweep() {
        long now = System.nanoTime();
        for (Reception reception : receiving) {
            reception.interruptIfLate(now);
        }
    }

    /** Why a body was not received. */
    public enum Failure {
        /** Not whole within the read timeout: 408, connection closed. */
        TIMED_OUT,
        /** The client ended the body early or the connection broke: 400, connection closed. */
        BROKEN,
        /** No memory left among the bodies held: 503, connection closed. */
        NO_ROOM
    }

    /** The body could not be received; {@link #failure} says why. */
    public static final class NotReceived extends Exception {

        private final Failure failure;

        NotReceived(Failure failure) {
            super(failure.name(), null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /**
     * One body being received, then held while its request is worked on. {@link #close()} gives
     * back what it holds; call it exactly once, when the request ends.
     */
    public final class Reception implements AutoCloseable {

        private final String client;
        private final long announced;
        private final long limit;
        private final long deadlineNanos;
        private int reserved;
        /** Holds a reader permit: from admission until the body is in, or the request ends. */
        private boolean reading = true;
        private boolean counted = true;
        // guarded by this
        private Thread reader;
        private boolean inRead;
        private boolean interrupted;
        private boolean evicted;
        private final long receivingSince = System.nanoTime();
        private volatile long received;

        Reception(String client, long announced, long limit, long deadlineNanos) {
            this.client = client;
            this.announced = announced;
            this.limit = limit;
            this.deadlineNanos = deadlineNanos;
        }

        /**
         * The first buffer: never the announced length, which costs the sender nothing to claim.
         * Memory is reserved as bytes arrive (the buffer doubles), so a client that announces 2 MiB
         * and stalls holds 8 KiB, not 2 MiB of the budget.
         */
        int firstSize() {
            long wanted = announced >= 0 ? Math.min(announced, limit + 1) : limit + 1;
            return (int) Math.min(wanted, FIRST_CHUNK);
        }

        boolean reserve(int bytes) {
            if (bytes > reserved) {
                long more = bytes - reserved;
                // one client's share: its readers' part of the budget, and at least one whole body
                long share = Math.max(limit + 1, (long) maxBufferedBytes * maxBodyReadersPerClient / maxBodyReaders);
                boolean[] fits = {false};
                bytesPerClient.compute(client, (key, held) -> {
                    long current = held == null ? 0 : held;
                    fits[0] = current + more <= share;
                    return fits[0] ? current + more : held;
                });
                if (!fits[0]) {
                    return false;
                }
                if (!bufferedBytes.tryAcquire((int) more)) {
                    releaseShare(more);
                    return false;
                }
                reserved = bytes;
            }
            return true;
        }

        private void releaseShare(long bytes) {
            bytesPerClient.computeIfPresent(client, (key, held) -> held - bytes <= 0 ? null : held - bytes);
        }

        /**
         * Reads the body whole (up to the size limit and one byte more, so the limit still
         * answers 413 further on), before the deadline.
         */
        public byte[] receive(InputStream in) throws NotReceived {
            byte[] buffer = new byte[firstSize()];
            int length = 0;
            long wanted = announced >= 0 ? Math.min(announced, limit + 1) : limit + 1;
            synchronized (this) {
                reader = Thread.currentThread();
            }
            receiving.add(this);
            try {
                while (length < wanted) {
                    if (length == buffer.length) {
                        int larger = (int) Math.min(wanted, (long) buffer.length * 2);
                        if (!reserve(larger)) {
                            throw new NotReceived(Failure.NO_ROOM);
                        }
                        buffer = Arrays.copyOf(buffer, larger);
                    }
                    int n = read(in, buffer, length, buffer.length - length);
                    if (n < 0) {
                        if (announced >= 0) {
                            throw new NotReceived(Failure.BROKEN);
                        }
                        break;
                    }
                    length += n;
                    received = length;
                }
                return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            } finally {
                receiving.remove(this);
                doneReading();
            }
        }

        private int read(InputStream in, byte[] buffer, int offset, int length) throws NotReceived {
            synchronized (this) {
                if (evicted || late(System.nanoTime())) {
                    throw new NotReceived(Failure.TIMED_OUT);
                }
                inRead = true;
            }
            try {
                int n = in.read(buffer, offset, length);
                if (evicted() || late(System.nanoTime())) {
                    throw new NotReceived(Failure.TIMED_OUT);
                }
                return n;
            } catch (IOException e) {
                // a reset, the container's own read timeout, or the interrupt of the sweep or of an eviction
                throw new NotReceived(evicted() || late(System.nanoTime()) ? Failure.TIMED_OUT : Failure.BROKEN);
            } finally {
                synchronized (this) {
                    inRead = false;
                    if (interrupted) {
                        // ours, delivered while the read waited or just after it: no one else's business
                        Thread.interrupted();
                        interrupted = false;
                    }
                }
            }
        }

        private boolean late(long now) {
            return now - deadlineNanos >= 0;
        }

        private synchronized boolean evicted() {
            return evicted;
        }

        /** Bytes a second so far, or -1 while too young to judge (or already evicted). */
        double rate(long now) {
            long age = now - receivingSince;
            synchronized (this) {
                if (evicted || age < EVICTABLE_AFTER.toNanos()) {
                    return -1;
                }
            }
            return received / (age / 1e9);
        }

        /** Ends this reception with a 408: interrupted in its read, or refused at its next one. */
        synchronized boolean evict() {
            if (evicted) {
                return false;
            }
            evicted = true;
            if (inRead && !interrupted) {
                interrupted = true;
                reader.interrupt();
            }
            return true;
        }

        synchronized void interruptIfLate(long now) {
            if (inRead && !interrupted && late(now)) {
                interrupted = true;
                reader.interrupt();
            }
        }

        /** The thread no longer waits for this client: its reader permits go back now. */
        private void doneReading() {
            if (reading) {
                reading = false;
                leave(client);
                readers.release();
            }
        }

        @Override
        public void close() {
            doneReading();
            if (counted) {
                counted = false;
                bufferedBytes.release(reserved);
                releaseShare(reserved);
                reserved = 0;
            }
        }
    }
}
