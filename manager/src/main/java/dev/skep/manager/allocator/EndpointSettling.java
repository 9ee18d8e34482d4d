package dev.skep.manager.allocator;

import dev.skep.api.model.Service;
import dev.skep.api.model.StoredObject;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Watch;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits, after a service is created, until the allocator has written its endpoint (virtual IPs, published
 * ports). That write gives the service a new version; a client that reads the service right after creating it
 * and then updates it with that version (docker-py's {@code services.create(...).scale(n)}) would otherwise race
 * the allocator and be refused with "update out of sequence". Services that need no allocation return at once.
 */
public final class EndpointSettling {
    private EndpointSettling() {}

    /**
     * Returns when the service's endpoint matches its spec, when the service is gone, or after {@code limit} (a
     * network that is not allocated yet must not hold the create's answer for long).
     */
    public static void await(MemoryStore store, String serviceId, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Watch[] watch = new Watch[1];
        boolean settled =
                store.viewAndWatch(tx -> settled(tx, serviceId), e -> concerns(e, serviceId), w -> watch[0] = w);
        try (Watch w = watch[0]) {
            while (!settled) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || w.poll(left, TimeUnit.NANOSECONDS) == null) return;
                settled = store.view(tx -> settled(tx, serviceId));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean settled(ReadTx tx, String serviceId) {
        Service s = tx.services().get(serviceId);
        return s == null || !EndpointAllocation.needsWork(tx, s);
    }

    private static boolean concerns(Event e, String serviceId) {
        StoredObject o = e.object();
        return e.kind() == Kind.SERVICE && o != null && serviceId.equals(o.id());
    }
}
