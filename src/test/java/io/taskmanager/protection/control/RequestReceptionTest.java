package io.taskmanager.protection.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.protection.control.RequestReception.Failure;
import io.taskmanager.protection.control.RequestReception.NotReceived;
import io.taskmanager.protection.control.RequestReception.Reception;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestReceptionTest {

    private static final long LIMIT = 1000;

    private static RequestReception reception(Duration readTimeout, int readers, int perClient, int bufferedBytes) {
        RequestReception reception = new RequestReception();
        reception.readTimeout = readTimeout;
        reception.maxBodyReaders = readers;
        reception.maxBodyReadersPerClient = perClient;
        reception.maxActiveRequests = 8;
        reception.maxBufferedBytes = bufferedBytes;
        reception.createLimits();
        return reception;
    }

    @Test
    void aBodyThatArrivesIsReceivedWholeAndItsPermitsComeBack() throws Exception {
        RequestReception reception = reception(Duration.ofSeconds(5), 4, 2, 10_000);
        byte[] body = "{\"title\": \"here at once\"}".getBytes(StandardCharsets.UTF_8);
        try (Reception one = reception.admit("192.0.2.1", body.length, LIMIT, System.nanoTime()).orElseThrow()) {
            assertArrayEquals(body, one.receive(new ByteArrayInputStream(body)));
            assertEquals(4, reception.freeReaders(), "the reader permit goes back once the body is in");
            assertEquals(10_000 - body.length, reception.freeBufferedBytes(), "the body is held until the request ends");
        }
        assertEquals(10_000, reception.freeBufferedBytes());
    }

    @Test
    void aChunkedBodyIsReadToItsEndOrOneBytePastTheLimit() throws Exception {
        RequestReception reception = reception(Duration.ofSeconds(5), 4, 2, 100_000);
        byte[] small = new byte[300];
        try (Reception one = reception.admit("192.0.2.1", -1, LIMIT, System.nanoTime()).orElseThrow()) {
            assertEquals(300, one.receive(new ByteArrayInputStream(small)).length);
        }
        try (Reception big = reception.admit("192.0.2.1", -1, LIMIT, System.nanoTime()).orElseThrow()) {
            assertEquals(LIMIT + 1, big.receive(new ByteArrayInputStream(new byte[5000])).length, "the size limit sees it is over");
        }
        assertEquals(100_000, reception.freeBufferedBytes());
    }

    @Test
    void readersAreCappedPerClientAndInAll() {
        RequestReception reception = reception(Duration.ofSeconds(5), 3, 2, 10_000);
        List<Reception> held = new ArrayList<>();
        held.add(reception.admit("192.0.2.1", 10, LIMIT, System.nanoTime()).orElseThrow());
        held.add(reception.admit("192.0.2.1", 10, LIMIT, System.nanoTime()).orElseThrow());
        assertTrue(reception.admit("192.0.2.1", 10, LIMIT, System.nanoTime()).isEmpty(), "a third from one client");
        held.add(reception.admit("2001:db8::/64", 10, LIMIT, System.nanoTime()).orElseThrow());
        assertTrue(reception.admit("198.51.100.7", 10, LIMIT, System.nanoTime()).isEmpty(), "a fourth in all");
        held.forEach(Reception::close);
        assertEquals(3, reception.freeReaders());
        assertTrue(reception.admit("192.0.2.1", 10, LIMIT, System.nanoTime()).isPresent(), "free again once they end");
    }

    @Test
    void memoryIsReservedAsBytesArriveNotAsAnnounced() throws Exception {
        long limit = 100_000;
        RequestReception reception = reception(Duration.ofSeconds(5), 4, 4, 40_000);
        // announcing costs the sender nothing, so it reserves nothing beyond the first 8 KiB
        Reception first = reception.admit("192.0.2.1", 100_000, limit, System.nanoTime()).orElseThrow();
        Reception second = reception.admit("192.0.2.2", 100_000, limit, System.nanoTime()).orElseThrow();
        assertEquals(40_000 - 2 * 8192, reception.freeBufferedBytes(), "two stalled announcements of 100,000 bytes");
        // a body that does arrive reserves as it grows (8 KiB, then double) until the budget is spent
        Reception third = reception.admit("192.0.2.3", -1, limit, System.nanoTime()).orElseThrow();
        NotReceived refused = assertThrows(NotReceived.class, () -> third.receive(new ByteArrayInputStream(new byte[30_000])));
        assertEquals(Failure.NO_ROOM, refused.failure());
        third.close();
        second.close();
        first.close();
        assertEquals(40_000, reception.freeBufferedBytes());
        assertEquals(4, reception.freeReaders());
    }

    @Test
    void oneClientHoldsAtMostItsShareOfTheMemory() throws Exception {
        long limit = 10_000;
        // 4 readers, 2 per client, 60,000 bytes: a client's share is 30,000
        RequestReception reception = reception(Duration.ofSeconds(5), 4, 2, 60_000);
        List<Reception> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Reception body = reception.admit("192.0.2.1", -1, limit, System.nanoTime()).orElseThrow();
            assertEquals(9_000, body.receive(new ByteArrayInputStream(new byte[9_000])).length);
            held.add(body);
        }
        // its readers are free again once the bodies are in, but the bodies still hold their bytes
        Reception third = reception.admit("192.0.2.1", -1, limit, System.nanoTime()).orElseThrow();
        NotReceived refused = assertThrows(NotReceived.class, () -> third.receive(new ByteArrayInputStream(new byte[9_000])));
        assertEquals(Failure.NO_ROOM, refused.failure(), "past the client's share");
        third.close();
        try (Reception other = reception.admit("198.51.100.7", -1, limit, System.nanoTime()).orElseThrow()) {
            assertEquals(9_000, other.receive(new ByteArrayInputStream(new byte[9_000])).length, "another client still has room");
        }
        held.forEach(Reception::close);
        assertEquals(60_000, reception.freeBufferedBytes());
    }

    @Test
    void aBodyThatEndsBeforeItsLengthIsBroken() {
        RequestReception reception = reception(Duration.ofSeconds(5), 4, 4, 10_000);
        try (Reception one = reception.admit("192.0.2.1", 100, LIMIT, System.nanoTime()).orElseThrow()) {
            NotReceived broken = assertThrows(NotReceived.class, () -> one.receive(new ByteArrayInputStream(new byte[40])));
            assertEquals(Failure.BROKEN, broken.failure());
        }
    }

    @Test
    void aTricklingBodyIsCutOffAtTheDeadline() {
        RequestReception reception = reception(Duration.ofMillis(300), 4, 4, 10_000);
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                buffer[offset] = 'a';
                return 1;
            }
        };
        long started = System.nanoTime();
        try (Reception one = reception.admit("192.0.2.1", 900, LIMIT, started).orElseThrow()) {
            NotReceived late = assertThrows(NotReceived.class, () -> one.receive(trickle));
            assertEquals(Failure.TIMED_OUT, late.failure());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= 300 && millis < 2000, "cut off after " + millis + " ms");
    }

    @Test
    void aStalledReadIsInterruptedAtTheDeadlineAndTheInterruptDoesNotOutliveIt() throws Exception {
        RequestReception reception = reception(Duration.ofMillis(300), 4, 4, 10_000);
        PipedOutputStream sender = new PipedOutputStream();
        PipedInputStream stalled = new PipedInputStream(sender);
        sender.write('{');
        long started = System.nanoTime();
        CompletableFuture<Object[]> outcome = CompletableFuture.supplyAsync(() -> {
            try (Reception one = reception.admit("192.0.2.1", 500, LIMIT, started).orElseThrow()) {
                one.receive(stalled);
                return new Object[] {null, Thread.currentThread().isInterrupted()};
            } catch (NotReceived e) {
                return new Object[] {e.failure(), Thread.currentThread().isInterrupted()};
            }
        });
        // the sweep runs every 200 ms in the service; here, until the reader gives up (bounded)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!outcome.isDone() && System.nanoTime() < deadline) {
            reception.sweep();
            Thread.onSpinWait();
        }
        Object[] result = outcome.get(1, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Failure.TIMED_OUT, result[0]);
        assertFalse((Boolean) result[1], "the reader's thread is left interrupted");
        assertTrue(millis >= 300 && millis < 3000, "ended after " + millis + " ms");
        assertEquals(4, reception.freeReaders());
        sender.close();
    }

    @Test
    void withEveryReaderTakenTheSlowestBodyMakesRoomForANewcomer() throws Exception {
        RequestReception reception = reception(Duration.ofSeconds(30), 1, 1, 10_000);
        PipedOutputStream sender = new PipedOutputStream();
        PipedInputStream stalled = new PipedInputStream(sender);
        sender.write('{');
        CompletableFuture<Failure> slowOne = CompletableFuture.supplyAsync(() -> {
            try (Reception one = reception.admit("192.0.2.1", 500, LIMIT, System.nanoTime()).orElseThrow()) {
                one.receive(stalled);
                return null;
            } catch (NotReceived e) {
                return e.failure();
            }
        });
        long started = System.nanoTime();
        while (reception.freeReaders() > 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5)) {
            Thread.onSpinWait();
        }
        // too young to judge: the newcomer is turned away, the reader kept
        assertTrue(reception.admit("198.51.100.7", 10, LIMIT, System.nanoTime()).isEmpty(), "evicted before it could show its pace");
        // once it has had a second to show its pace (one byte), it goes for the newcomer
        Optional<Reception> newcomer = Optional.empty();
        long deadline = started + TimeUnit.SECONDS.toNanos(10);
        while (newcomer.isEmpty() && System.nanoTime() < deadline) {
            newcomer = reception.admit("198.51.100.7", 10, LIMIT, System.nanoTime());
        }
        assertTrue(newcomer.isPresent(), "no room made for the newcomer");
        assertEquals(Failure.TIMED_OUT, slowOne.get(5, TimeUnit.SECONDS), "the slowest body is answered 408");
        assertTrue(System.nanoTime() - started >= RequestReception.EVICTABLE_AFTER.toNanos());
        newcomer.get().close();
        assertEquals(1, reception.freeReaders());
        sender.close();
    }
}
