package dev.skep.store.raft;

import dev.skep.api.json.Json;
import dev.skep.store.ApplyResult;
import dev.skep.store.MemoryStore;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.AtomicFileOutputStream;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as a Ratis state machine: each committed log entry is a {@link dev.skep.store.Proposal} applied to
 * the {@link MemoryStore} at its log index; snapshots are the store's JSON dump in one file per snapshot
 * ({@code snapshot.<term>_<index>}). Ratis calls apply from one thread in log order; the monitor of this object
 * keeps the store and the last applied index in step, so a snapshot always names the index it contains.
 */
public final class StoreStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(StoreStateMachine.class);

    private final MemoryStore store;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final SnapshotRetentionPolicy retention;
    /** Proposers waiting for this member to apply an index (a follower's proposal commits on the leader first). */
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    /** Told whenever leadership or the configuration may have changed; must not block Ratis's thread. */
    private volatile Runnable roleChanged = () -> {};
    /** The state a new group starts from (force-new-cluster), written as its first snapshot; or null. */
    private final byte[] seed;
    /**
     * Why this member stopped applying, or null. An entry that cannot be applied is not skipped: every later entry
     * would then apply to a store the other managers do not have. The member stops instead (see {@link #onStop}).
     */
    private volatile ApplyFailure stopped;

    private volatile Consumer<ApplyFailure> stopListener = f -> {};

    /** Seals what this member writes (log payloads, snapshots) and opens what it reads. */
    private final LogCipher cipher;

    public StoreStateMachine(MemoryStore store, int snapshotsRetained) {
        this(store, snapshotsRetained, null, new LogCipher(null));
    }

    StoreStateMachine(MemoryStore store, int snapshotsRetained, byte[] seed, LogCipher cipher) {
        this.store = store;
        this.seed = seed;
        this.cipher = cipher;
        this.retention = new SnapshotRetentionPolicy() {
            @Override
            public int getNumSnapshotsRetained() {
                return snapshotsRetained;
            }
        };
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        if (seed != null) writeSeed();
        getLifeCycle().startAndTransition(() -> load(storage.getLatestSnapshot()));
    }

    /** Ratis pauses the state machine before it installs a snapshot from the leader, then reinitializes it. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /**
     * Makes the seed the group's first snapshot, at term 0 and the seeded store's index: Ratis then starts the
     * log right after it, so indexes (and object versions) go on from where the old group stopped.
     */
    private void writeSeed() throws IOException {
        MemoryStore parsed = new MemoryStore(store.clock());
        parsed.restore(seed);
        writeSnapshot(TermIndex.valueOf(0, parsed.index()), seed);
        LOG.info("seeded the new group with the store at index {}", parsed.index());
    }

    void onRoleChange(Runnable listener) {
        this.roleChanged = listener;
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        roleChanged.run();
    }

    @Override
    public void notifyLeaderReady() {
        roleChanged.run();
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pending) {
        roleChanged.run();
    }

    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
        roleChanged.run();
    }

    /** A read-index query: Ratis calls it once this member applied up to the leader's commit index. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(appliedIndex())));
    }

    /** Called after a snapshot was installed from the leader: the store becomes that snapshot. */
    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        load(storage.loadLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        ApplyResult result;
        ApplyFailure failure = stopped;
        if (failure != null) return CompletableFuture.failedFuture(failure);
        synchronized (this) {
            if (index <= store.index()) {
                // Already in the store (from the snapshot it was restored from): applying twice would conflict.
                LOG.warn("skipping log entry {} at or below the store's index {}", index, store.index());
                result = new ApplyResult(index, null, 0);
            } else {
                try {
                    result = apply(
                            index, entry.getStateMachineLogEntry().getLogData().toByteArray());
                } catch (RuntimeException e) {
                    return stop(new ApplyFailure(index, e));
                }
            }
            updateLastAppliedTermIndex(entry.getTerm(), index);
        }
        completeWaiters(index);
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(Json.write(result))));
    }

    /** A proposal goes to the store; a new data key changes no object, only the key later entries are sealed with. */
    private ApplyResult apply(long index, byte[] logData) {
        return switch (cipher.read(logData)) {
            case LogCipher.Proposal p -> store.apply(index, p.bytes());
            case LogCipher.NewKey k -> {
                cipher.activate(k.key(), index);
                LOG.info(
                        "Raft log entries from index {} on are sealed with data key {}",
                        index,
                        k.key().id());
                yield new ApplyResult(index, null, 0);
            }
            case LogCipher.NewUnlockKey u -> {
                cipher.setUnlockKey(u.key());
                LOG.info("autolock is {} from Raft log index {} on", u.key() == null ? "off" : "on", index);
                yield new ApplyResult(index, null, 0);
            }
        };
    }

    /**
     * Stops applying for good, loudly: the store stays at the last entry it applied, waiters fail with the reason,
     * and the listener (the Raft store) takes this member out of the group's work.
     */
    private CompletableFuture<Message> stop(ApplyFailure failure) {
        stopped = failure;
        LOG.error(
                "{}. This manager stops taking part in Raft rather than diverge from the others. Restart skepd to "
                        + "replay the log; if the entry fails again, demote this node and make it leave and join again.",
                failure.getMessage(),
                failure.getCause());
        failWaiters(failure);
        stopListener.accept(failure);
        return CompletableFuture.failedFuture(failure);
    }

    /** Called once, on Ratis's apply thread holding this state machine's monitor: it must not block. */
    void onStop(Consumer<ApplyFailure> listener) {
        this.stopListener = listener;
    }

    /** Why this member stopped applying, or null. */
    ApplyFailure stopped() {
        return stopped;
    }

    /** An entry this member could not apply. */
    static final class ApplyFailure extends IllegalStateException {
        ApplyFailure(long index, RuntimeException cause) {
            super("this manager could not apply Raft log entry " + index + " to its store: " + cause, cause);
        }
    }

    private void failWaiters(RuntimeException failure) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            waiters.values().forEach(all::addAll);
            waiters.clear();
        }
        all.forEach(f -> f.completeExceptionally(failure));
    }

    /** Configuration and no-op entries move the applied index too; waiters may be waiting on them. */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        synchronized (this) {
            super.notifyTermIndexUpdated(term, index);
        }
        completeWaiters(index);
    }

    /** Completes once this member has applied {@code index} (at once if it already has). */
    public CompletableFuture<Void> whenApplied(long index) {
        synchronized (this) {
            if (stopped != null) return CompletableFuture.failedFuture(stopped);
            if (appliedIndex() < index) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                waiters.computeIfAbsent(index, i -> new ArrayList<>()).add(f);
                return f;
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The last log index this member applied, or -1 before the first. */
    public synchronized long appliedIndex() {
        TermIndex last = getLastAppliedTermIndex();
        return last == null ? RaftLog.INVALID_LOG_INDEX : last.getIndex();
    }

    private void completeWaiters(long applied) {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        synchronized (this) {
            Map<Long, List<CompletableFuture<Void>>> head = waiters.headMap(applied, true);
            head.values().forEach(due::addAll);
            head.clear();
        }
        due.forEach(f -> f.complete(null));
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last;
        byte[] state;
        synchronized (this) {
            last = getLastAppliedTermIndex();
            if (last == null || last.getIndex() < 0) return RaftLog.INVALID_LOG_INDEX;
            state = store.snapshot();
        }
        writeSnapshot(last, state);
        storage.cleanupOldSnapshots(retention);
        cipher.snapshotTaken(last.getIndex());
        LOG.debug("snapshot at {} ({} bytes)", last, state.length);
        return last.getIndex();
    }

    private void writeSnapshot(TermIndex last, byte[] state) throws IOException {
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        try (OutputStream out = new AtomicFileOutputStream(file)) {
            out.write(cipher.sealState(state));
        }
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) return;
        Path path = snapshot.getFile().getPath();
        if (!Files.exists(path)) {
            LOG.warn("snapshot file {} is missing", path);
            return;
        }
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        TermIndex last = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(path.toFile());
        byte[] bytes = cipher.openState(Files.readAllBytes(path));
        synchronized (this) {
            store.restore(bytes);
            setLastAppliedTermIndex(last);
        }
        completeWaiters(last.getIndex());
        LOG.info("restored the store from snapshot {}", last);
    }
}
