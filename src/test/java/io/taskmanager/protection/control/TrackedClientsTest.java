package io.taskmanager.protection.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackedClientsTest {

    private final List<String> dropped = new ArrayList<>();

    @Test
    void pastTheBoundTheLeastRecentlySeenIsDroppedFirst() {
        TrackedClients clients = new TrackedClients(3, dropped::add);
        clients.seen("a");
        clients.seen("b");
        clients.seen("c");
        assertEquals(List.of(), dropped);

        clients.seen("d");
        clients.seen("e");

        assertEquals(List.of("a", "b"), dropped);
        assertEquals(3, clients.size());
    }

    @Test
    void aClientSeenAgainMovesToTheBackOfTheLine() {
        TrackedClients clients = new TrackedClients(3, dropped::add);
        clients.seen("a");
        clients.seen("b");
        clients.seen("c");
        clients.seen("a");

        clients.seen("d");
        clients.seen("e");

        assertEquals(List.of("b", "c"), dropped);
    }

    @Test
    void aFloodOfNewClientsNeverGrowsTheCountAndSparesTheOneThatKeepsComing() {
        TrackedClients clients = new TrackedClients(1000, dropped::add);
        for (int i = 0; i < 100_000; i++) {
            clients.seen("flood-" + i);
            if (i % 500 == 0) {
                clients.seen("regular");
            }
            assertEquals(Math.min(i + 2, 1000), clients.size(), () -> "after " + dropped.size() + " dropped");
        }
        assertEquals(false, dropped.contains("regular"));
        assertEquals(100_000 + 1 - 1000, dropped.size());
        assertEquals("flood-0", dropped.get(0));
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrackedClients(0, dropped::add));
    }
}
