package dev.skep.store;

import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Version;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cluster state: typed tables in memory, changed only by applying committed proposals.
 *
 * <p>Writers build a transaction against the current state; its changes are proposed through the
 * {@link Proposer} (Raft) and take effect when the log entry is applied — on every manager, in log order.
 * Version checks happen at apply time, so concurrent transactions never overwrite each other silently.
 */
public final class MemoryStore {
    /** Starts every name-conflict reason; other reasons name an object ID, which could contain "name". */
    private final State state = new State();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile Proposer proposer;
    private volatile long commitTimeoutMillis = 30_000;
    /**
     * Proposals this member made and has not applied yet, by the hash of their bytes: when one comes back from the
     * log, its changes and objects are taken from here instead of decoding the bytes again (on the leader, where
     * the loops write, that round trip was most of the apply time). Other members decode them.
     */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Pending> pending =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A proposal in flight from this member: its bytes, and what they decode to. */
    private record Pending(byte[] bytes, Proposal proposal) {
        boolean sameAs(byte[] other) {
            return java.util.Arrays.equals(bytes, other);
        }
    }

    public MemoryStore(Clock clock) {
        this.clock = clock;
        this.proposer = new LocalProposer(this);
    }

    public void setProposer(Proposer proposer) {
        this.proposer = proposer;
    }

    public Proposer proposer() {
        return proposer;
    }

    public Clock clock() {
        return clock;
    }

    /** Makes the following reads reflect every write acknowledged so far, on any manager. */
    public void readBarrier() {
        proposer.readBarrier();
    }

    /** Runs a read against a consistent state. */
    public <T> T view(Function<ReadTx, T> read) {
        lock.readLock().lock();
        try {
            return read.apply(new StateView(state));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a transaction and waits for its commit; throws {@link ConflictException} if it lost a race. */
    public ApplyResult update(Consumer<Tx> work) {
        return commit(work, false);
    }

    /**
     * Like {@link #update} but each change that conflicts is dropped instead of failing the whole batch:
     * for loops that write many independent objects (scheduler, dispatcher) and re-read what they missed.
     */
    public ApplyResult batch(Consumer<Tx> work) {
        return commit(work, true);
    }

    /** Runs {@link #update}, re-running the work when it lost a race, up to {@code attempts} times. */
    public ApplyResult updateWithRetry(int attempts, Consumer<Tx> work) {
        for (int i = 1; ; i++) {
            try {
                return update(work);
            } catch (ConflictException e) {
                if (e.isNameConflict() || i >= attempts) throw e;
            }
        }
    }

    /**
     * {@link #batch} without waiting for the commit: the work runs now, against the state as of now, and its
     * proposal is sent; the future completes once it is applied on this member. A loop stages its next batch while
     * earlier ones commit, so the work must not depend on writes of batches still in flight (proposals from one
     * member are applied in the order they were sent). Wait for the result with {@link #await}.
     */
    public CompletableFuture<ApplyResult> batchAsync(Consumer<Tx> work) {
        return propose(work, true);
    }

    /** Waits for a commit from {@link #batchAsync} as {@link #batch} does, with the same timeout and failures. */
    public ApplyResult await(CompletableFuture<ApplyResult> commit) {
        try {
            return commit.get(commitTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re && !(cause instanceof java.util.concurrent.CompletionException)) {
                throw re;
            }
            throw new StoreUnavailableException("the commit failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("the commit timed out: no Raft quorum", e);
        }
    }

    private ApplyResult commit(Consumer<Tx> work, boolean soft) {
        ApplyResult result = await(propose(work, soft));
        if (!result.ok())
            throw new ConflictException(result.conflict(), result.conflict().startsWith(SwarmErrors.NAME_CONFLICT));
        return result;
    }

    /** Runs the transaction and sends its proposal; the future completes when it is applied here. */
    private CompletableFuture<ApplyResult> propose(Consumer<Tx> work, boolean soft) {
        List<Change> changes;
        lock.readLock().lock();
        try {
            TxImpl tx = new TxImpl(state, soft);
            work.accept(tx);
            changes = tx.changes();
        } finally {
            lock.readLock().unlock();
        }
        if (changes.isEmpty()) return CompletableFuture.completedFuture(new ApplyResult(index(), null, 0));
        Proposal p = new Proposal(clock.instant(), changes);
        byte[] proposal = ReplicationFormat.write(p);
        Integer key = java.util.Arrays.hashCode(proposal);
        Pending mine = new Pending(proposal, p);
        // An equal proposal already in flight (rare) keeps its entry; this one is then decoded when applied.
        boolean remembered = pending.putIfAbsent(key, mine) == null;
        CompletableFuture<ApplyResult> sent;
        try {
            sent = proposer.propose(proposal);
        } catch (RuntimeException e) {
            if (remembered) pending.remove(key, mine);
            throw e;
        }
        // The proposer's future always ends (Raft's has its own timeout), and it ends after the apply.
        return remembered ? sent.whenComplete((r, e) -> pending.remove(key, mine)) : sent;
    }

    /** Subscribes to committed changes that pass the filter. */
    public Watch watch(Predicate<Event> filter) {
        Watch[] holder = new Watch[1];
        holder[0] = new Watch(filter, () -> watches.remove(holder[0]));
        watches.add(holder[0]);
        return holder[0];
    }

    /** Reads the state and subscribes atomically: no change is missed between the two. */
    public <T> T viewAndWatch(Function<ReadTx, T> read, Predicate<Event> filter, Consumer<Watch> subscribed) {
        lock.readLock().lock();
        try {
            subscribed.accept(watch(filter));
            return read.apply(new StateView(state));
        } finally {
            lock.readLock().unlock();
        }
    }

    public long index() {
        lock.readLock().lock();
        try {
            return state.index;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Applies a committed proposal at a log index; called by the Raft state machine (or {@link LocalProposer})
     * in log order. Deterministic: every manager reaches the same state and the same result.
     */
    public ApplyResult apply(long index, byte[] bytes) {
        Pending mine = pending.isEmpty() ? null : pending.get(java.util.Arrays.hashCode(bytes));
        if (mine != null && !mine.sameAs(bytes)) mine = null;
        Proposal p = mine != null ? mine.proposal() : ReplicationFormat.read(bytes);
        List<Event> events = new ArrayList<>();
        lock.writeLock().lock();
        try {
            for (Change c : p.changes()) {
                if (c.soft()) continue; // checked below, one at a time
                String why = check(c);
                if (why != null) {
                    state.index = Math.max(state.index, index);
                    return new ApplyResult(index, why, 0);
                }
            }
            int skipped = 0;
            for (int i = 0; i < p.changes().size(); i++) {
                Change c = p.changes().get(i);
                if (check(c) != null) {
                    skipped++;
                    continue;
                }
                events.add(applyChange(c, index, p.time()));
            }
            state.index = Math.max(state.index, index);
            for (Event e : events) for (Watch w : watches) w.offer(e);
            return new ApplyResult(index, null, skipped);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Why the change cannot apply to the current state, or null. */
    private String check(Change c) {
        StoredObject current = state.get(c.kind(), c.id());
        if (c.op() == Change.Op.CREATE) {
            if (current != null) return c.kind().name().toLowerCase() + " " + c.id() + " already exists";
            String name = nameOf(c);
            if (name != null && state.idByName(c.kind(), name) != null) return SwarmErrors.NAME_CONFLICT;
            return null;
        }
        if (current == null) return c.kind().name().toLowerCase() + " " + c.id() + " not found";
        if (current.version().value() != c.expectedVersion()) return SwarmErrors.OUT_OF_SEQUENCE;
        if (c.op() == Change.Op.UPDATE) {
            String name = nameOf(c);
            String holder = name == null ? null : state.idByName(c.kind(), name);
            if (holder != null && !holder.equals(c.id())) return SwarmErrors.NAME_CONFLICT;
        }
        return null;
    }

    private static String nameOf(Change c) {
        return c.object() == null ? null : c.object().uniqueName();
    }

    private Event applyChange(Change c, long index, Instant time) {
        StoredObject before = state.get(c.kind(), c.id());
        if (c.op() == Change.Op.DELETE) {
            state.remove(c.kind(), c.id());
            return new Event(c.kind(), Event.Action.DELETE, before, null, index);
        }
        Instant created = before == null ? time : before.createdAt();
        StoredObject after = c.object().withMeta(Version.of(index), created, time);
        state.put(c.kind(), after);
        Event.Action action = before == null ? Event.Action.CREATE : Event.Action.UPDATE;
        return new Event(c.kind(), action, before, after, index);
    }

    /** The whole state, for Raft snapshots (in the {@link ReplicationFormat}). */
    public byte[] snapshot() {
        lock.readLock().lock();
        try {
            return ReplicationFormat.writeSnapshot(
                    state.index, k -> state.objects.get(k).values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Replaces the whole state with a snapshot taken by {@link #snapshot} (or an older member's JSON one). */
    public void restore(byte[] bytes) {
        ReplicationFormat.Snapshot snapshot = ReplicationFormat.readSnapshot(bytes);
        lock.writeLock().lock();
        try {
            for (Kind k : Kind.values()) {
                for (String id : new ArrayList<>(state.objects.get(k).keySet())) state.remove(k, id);
                for (StoredObject o : snapshot.objects().getOrDefault(k, List.of())) state.put(k, o);
            }
            state.index = snapshot.index();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
