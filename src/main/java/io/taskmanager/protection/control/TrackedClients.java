package io.taskmanager.protection.control;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * The keys one protection cache holds on this instance, least recently seen first. Past
 * {@code max} keys the least recently seen one is dropped: forgotten here and handed to
 * {@code drop}, which removes it from this instance's copy of the cache. So a flood of new
 * client addresses costs a bounded heap, and what it pushes out is the state of the clients
 * seen longest ago, never the state of one that keeps coming.
 *
 * <p>Infinispan's own bound ({@code <memory max-count>}, which the caches carry as well) is not
 * used for the order: it evicts by Caffeine's W-TinyLFU, which weighs how often a key was used
 * and may turn away the newest arrivals while keeping old ones; here the order is recency alone.
 * A key that is never seen again stays until newer ones push it out, even after its entry has
 * expired in the cache: the count, not the age, is bounded.
 */
final class TrackedClients {

    private final int max;
    private final Consumer<String> drop;
    // access order: iteration starts at the least recently seen key
    private final LinkedHashMap<String, Boolean> keys = new LinkedHashMap<>(1024, 0.75f, true);

    TrackedClients(int max, Consumer<String> drop) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one client must be tracked, not " + max);
        }
        this.max = max;
        this.drop = drop;
    }

    /** Marks {@code key} as seen just now; when that makes one too many, drops the least recently seen. */
    void seen(String key) {
        String dropped = null;
        synchronized (this) {
            keys.put(key, Boolean.TRUE);
            if (keys.size() > max) {
                Iterator<String> eldest = keys.keySet().iterator();
                dropped = eldest.next();
                eldest.remove();
            }
        }
        if (dropped != null) {
            // outside the lock: the cache's remove takes locks of its own
            drop.accept(dropped);
        }
    }

    synchronized int size() {
        return keys.size();
    }
}
