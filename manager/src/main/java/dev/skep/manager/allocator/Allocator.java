package dev.skep.manager.allocator;

import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.manager.BatchCommitter;
import dev.skep.manager.EventLoop;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives networks their subnet and VXLAN ID, services their virtual IPs and published ports, and new tasks
 * an address on each network they join; then moves the tasks NEW → PENDING ("pending task scheduling"),
 * many per commit. A task whose networks are not ready stays NEW and is tried again when they change.
 * What is already handed out is read back from the store on every pass ({@link Allocations}), so the loop
 * keeps nothing that a new leader could not rebuild.
 */
public final class Allocator extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Allocator.class);
    static final String PENDING_MESSAGE = "pending task scheduling";
    /** Objects per commit: one Raft entry each. */
    private static final int MAX_BATCH = 1000;
    /**
     * One batch at a time: each hands out addresses and IDs read from the store, so the next must be staged after
     * it is applied.
     */
    private static final int MAX_IN_FLIGHT = 1;
    /** How long a failed commit waits before it is tried again. */
    static final Duration RETRY_DELAY = Duration.ofMillis(250);

    /** IDs of NEW tasks waiting for a commit. */
    private final Set<String> pending = new LinkedHashSet<>();
    /** NEW tasks that could not be allocated yet; they are retried when networks or services change. */
    private final Set<String> waiting = new LinkedHashSet<>();

    private final Set<String> pendingServices = new LinkedHashSet<>();
    /** Services whose endpoint could not be allocated yet (a network missing or not allocated). */
    private final Set<String> waitingServices = new LinkedHashSet<>();

    private final Set<String> pendingNetworks = new LinkedHashSet<>();
    private boolean ensureIngress;
    /** Nodes or the ingress network changed: the nodes' LB addresses may need to follow. */
    private boolean nodeLbAddresses;
    /** A retry wake-up is armed. */
    private boolean retryArmed;

    private final BatchCommitter<String> committer;

    public Allocator(MemoryStore store, Timer timer) {
        super("allocator", store, timer);
        this.committer = new BatchCommitter<>(store, MAX_BATCH, MAX_IN_FLIGHT, "allocator");
    }

    /** One full pass over the whole store, as on start, on the caller's thread while the loop is stopped; for tests. */
    synchronized void reconcile() {
        if (started()) throw new IllegalStateException("the allocator loop is running");
        store.view(tx -> {
            load(tx);
            return null;
        });
        allocatePending();
    }

    @Override
    protected void load(ReadTx tx) {
        pending.clear();
        waiting.clear();
        pendingServices.clear();
        waitingServices.clear();
        pendingNetworks.clear();
        ensureIngress = true;
        nodeLbAddresses = true;
        for (Network n : tx.networks().all()) if (!n.isAllocated()) pendingNetworks.add(n.id());
        for (Service s : tx.services().all()) pendingServices.add(s.id());
        for (Task t : tx.tasks().all()) if (t.state() == TaskState.NEW) pending.add(t.id());
    }

    @Override
    protected boolean interestedIn(Event e) {
        return switch (e.kind()) {
            case TASK ->
                e.after() == null
                        || (e.after() instanceof Task t
                                && (t.state() == TaskState.NEW || !Allocations.holdsAddresses(t)));
            case NETWORK, SERVICE -> true;
            case CLUSTER -> e.action() == Event.Action.CREATE;
            case NODE -> e.action() != Event.Action.UPDATE;
            default -> false;
        };
    }

    @Override
    protected void reconcileAll() {
        // tick() runs next and allocates what load() collected
    }

    @Override
    protected void tick() {
        allocatePending();
    }

    @Override
    protected void handle(Event e) {
        switch (e.kind()) {
            case TASK -> {
                if (e.after() instanceof Task t && t.state() == TaskState.NEW) pending.add(t.id());
                else retryWaiting(); // a task stopped or went away: its addresses are free again
            }
            case NETWORK -> {
                if (e.after() instanceof Network n && !n.isAllocated()) pendingNetworks.add(n.id());
                nodeLbAddresses = true;
                retryWaiting();
            }
            case NODE -> nodeLbAddresses = true;
            case SERVICE -> {
                if (e.after() != null) pendingServices.add(e.after().id());
                retryWaiting();
            }
            case CLUSTER -> ensureIngress = true;
            default -> {}
        }
    }

    /** Runs a pass again after {@link #RETRY_DELAY}, for work a failed commit put back. */
    private void retryLater() {
        if (retryArmed || !started()) return;
        retryArmed = true;
        after(RETRY_DELAY, () -> retryArmed = false);
    }

    private void retryWaiting() {
        pending.addAll(waiting);
        waiting.clear();
        pendingServices.addAll(waitingServices);
        waitingServices.clear();
    }

    private void allocatePending() {
        if (ensureIngress) createIngress();
        if (!pendingNetworks.isEmpty()) allocateNetworks();
        if (nodeLbAddresses) allocateNodeLbAddresses();
        if (!pendingServices.isEmpty()) allocateServices();
        if (!pending.isEmpty()) allocateTasks();
    }

    /** A swarm always has its ingress network; made once when the loop finds none. */
    private void createIngress() {
        ensureIngress = false;
        Network ingress = IngressNetwork.create();
        try {
            store.update(tx -> {
                if (tx.cluster() == null || NetworkLookup.ingress(tx) != null) return;
                if (tx.networks().byName(IngressNetwork.NAME) != null) return;
                tx.create(ingress);
                pendingNetworks.add(ingress.id());
            });
        } catch (RuntimeException e) {
            LOG.warn("could not create the ingress network; will retry", e);
            ensureIngress = true;
            retryLater();
        }
    }

    private void allocateNetworks() {
        List<String> ids = new ArrayList<>(pendingNetworks);
        pendingNetworks.clear();
        // the ingress network first, so that it gets the pool's first subnet as in Swarm
        ids.sort(Comparator.comparing((String id) -> !isIngress(id)));
        commit(ids, pendingNetworks, (tx, book, chunk) -> {
            for (String id : chunk) {
                Network n = tx.networks().get(id);
                if (n == null) continue;
                try {
                    Network allocated = NetworkAllocation.allocate(book.get(), n);
                    if (allocated != null) tx.update(allocated);
                } catch (AllocationException | IllegalArgumentException e) {
                    LOG.warn("network {} not allocated: {}", n.name(), e.getMessage());
                }
            }
        });
    }

    /** Every node gets its own address on the ingress network; a node that is gone gives its address back. */
    private void allocateNodeLbAddresses() {
        nodeLbAddresses = false;
        try {
            store.update(tx -> {
                Network ingress = NetworkLookup.ingress(tx);
                if (ingress == null || !ingress.isAllocated()) return;
                List<String> nodes = tx.nodes().all().stream()
                        .map(dev.skep.api.model.Node::id)
                        .toList();
                Network updated = NodeLbAddresses.assign(
                        ingress, nodes, new Book(tx).get().space(ingress.id()));
                if (updated != null) tx.update(updated);
            });
        } catch (AllocationException e) {
            LOG.warn("node LB addresses not allocated: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("node LB addresses: commit failed; will retry", e);
            nodeLbAddresses = true;
            retryLater();
        }
    }

    private boolean isIngress(String networkId) {
        Network n = store.view(tx -> tx.networks().get(networkId));
        return n != null && n.isIngress();
    }

    private void allocateServices() {
        List<String> ids = new ArrayList<>(pendingServices);
        pendingServices.clear();
        commit(ids, pendingServices, (tx, book, chunk) -> {
            for (String id : chunk) {
                Service s = tx.services().get(id);
                if (s == null || !EndpointAllocation.needsWork(tx, s)) continue;
                try {
                    Service allocated = EndpointAllocation.allocate(tx, book.get(), s);
                    if (allocated != null) tx.update(allocated);
                } catch (AllocationException e) {
                    LOG.debug("service {} endpoint not allocated yet: {}", s.name(), e.getMessage());
                    waitingServices.add(s.id());
                }
            }
        });
    }

    private void allocateTasks() {
        List<String> ids = new ArrayList<>(pending);
        pending.clear();
        commit(ids, pending, (tx, book, chunk) -> {
            Instant now = timer.now();
            for (String id : chunk) {
                Task t = tx.tasks().get(id);
                if (t == null || t.state() != TaskState.NEW) continue;
                Task allocated = allocate(tx, book, t, now);
                if (allocated != null) tx.update(allocated);
            }
        });
    }

    /** The task with its attachments and state PENDING, or null to leave it NEW for now. */
    private Task allocate(ReadTx tx, Book book, Task t, Instant now) {
        List<NetworkAttachment> attachments;
        try {
            attachments = NetworkLookup.joinsNone(tx, t) ? null : TaskAllocation.attachments(tx, book.get(), t);
        } catch (AllocationException e) {
            LOG.debug("task {} waits: {}", t.id(), e.getMessage());
            waiting.add(t.id());
            return null;
        }
        Task next = attachments == null ? t : t.withNetworksAttachments(attachments);
        next = withServiceEndpoint(tx, next);
        return next.withStatus(new TaskStatus(now, TaskState.PENDING, PENDING_MESSAGE, null, null, null));
    }

    /**
     * The task with a copy of its service's endpoint as allocated (services are allocated before tasks in each
     * pass), as SwarmKit's allocator does: the agent binds the host-mode ports of a task on no network from it.
     */
    private static Task withServiceEndpoint(ReadTx tx, Task t) {
        Service s = t.serviceID() == null ? null : tx.services().get(t.serviceID());
        return s == null || s.endpoint() == null ? t : t.withEndpoint(s.endpoint());
    }

    /** The allocations, read from the transaction only when something needs them. */
    static final class Book {
        private final ReadTx tx;
        private Allocations allocations;

        Book(ReadTx tx) {
            this.tx = tx;
        }

        Allocations get() {
            if (allocations == null) allocations = Allocations.of(tx);
            return allocations;
        }
    }

    private interface Work {
        void apply(Tx tx, Book book, List<String> chunk);
    }

    /**
     * Commits the work in batches. A change someone else raced is dropped from the batch; that change's
     * own event brings the object back. A failed commit puts the whole chunk back for a later pass.
     */
    private void commit(List<String> ids, Set<String> retry, Work work) {
        BatchCommitter.Outcome<String> outcome =
                committer.commit(ids, (tx, chunk, staged) -> work.apply(tx, new Book(tx), chunk), null);
        if (outcome.failed().isEmpty()) return;
        retry.addAll(outcome.failed());
        retryLater();
    }
}
