package dev.skep.store.raft;

import dev.skep.store.MemoryStore;
import dev.skep.store.StoreUnavailableException;
import dev.skep.trust.DataKeys;
import dev.skep.trust.PrivateFiles;
import dev.skep.trust.UnlockKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store replicated by a Raft group (Apache Ratis over gRPC): one Ratis server per manager, holding the
 * {@link StoreStateMachine}, and a client through which this manager proposes. Membership changes go through
 * Ratis's joint consensus ({@link #addMember}, {@link #removeMember}); a member that joins or lags catches up
 * from the log or by installing the leader's snapshot.
 */
public final class RaftStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftStore.class);
    /** Snapshot files kept on disk; the newest is enough to recover, one more guards against a torn write. */
    static final int SNAPSHOTS_RETAINED = 2;
    /** A proposal that is not committed in this time fails as unavailable (no leader, or no quorum). */
    static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(5);
    /** Membership changes wait for the new member to catch up, which may take a snapshot installation. */
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A request is retried (to a new leader, or while there is none) at this pace, a bounded number of times:
     * Ratis's default retries forever without pausing, which spins while no leader is elected.
     */
    static final RetryPolicy CLIENT_RETRY =
            RetryPolicies.retryUpToMaximumCountWithFixedSleep(60, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS));
    /**
     * Membership changes wait for the new member to catch up (possibly a whole snapshot), which on a loaded
     * machine takes longer than a write may: give them 30 s.
     */
    static final RetryPolicy ADMIN_RETRY =
            RetryPolicies.retryUpToMaximumCountWithFixedSleep(300, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS));

    static {
        // Ratis ends the JVM (System.exit) when a server cannot start, e.g. when its port is taken. A manager must
        // answer that swarm init or join with an error and go on running, so Ratis throws an ExitException instead.
        ExitUtils.disableSystemExit();
    }

    private final RaftConfig config;
    private final RaftServer server;
    private final RaftServer.Division division;
    private final RaftClient client;
    private final RaftClient adminClient;
    private final RaftProposer proposer;
    private final StoreStateMachine stateMachine;
    private final LeadershipWatcher leadership;

    private RaftStore(
            RaftConfig config,
            RaftServer server,
            RaftServer.Division division,
            RaftClient client,
            RaftClient adminClient,
            StoreStateMachine stateMachine,
            LogCipher cipher) {
        this.config = config;
        this.server = server;
        this.division = division;
        this.client = client;
        this.adminClient = adminClient;
        this.stateMachine = stateMachine;
        this.proposer = new RaftProposer(client, division, stateMachine, PROPOSAL_TIMEOUT, cipher);
        // Followers serve API reads only after catching up to the leader's commit index (linearizable reads).
        this.proposer.setReadBarrier(() -> {
            if (!isLeader()) readBarrier();
        });
        this.leadership = new LeadershipWatcher(config.peerId(), this::isReadyLeader);
        stateMachine.onRoleChange(leadership::poke);
        stateMachine.onStop(this::stopAfter);
        if (stateMachine.stopped() != null) stopAfter(stateMachine.stopped()); // it failed while replaying
    }

    /**
     * Starts this member on an empty store and makes the store propose through Raft.
     * <ul>
     * <li>{@link RaftConfig.Startup#NEW_GROUP}: formats storage for a group of one and returns once it leads.</li>
     * <li>{@link RaftConfig.Startup#JOIN}: formats storage and returns once the server is up; the leader must
     * then {@link #addMember add} it, which {@link #awaitJoined} waits for.</li>
     * <li>{@link RaftConfig.Startup#RESTART}: recovers the latest snapshot and the log; a member that is alone in
     * its configuration returns once it leads, any other once it replayed what it knew committed (a leader may
     * need other members to restart too — see {@link #awaitLeader}).</li>
     * </ul>
     * A restart that finds a force-new-cluster's seed left by a crash finishes that force-new-cluster.
     */
    public static RaftStore start(MemoryStore store, RaftConfig config) throws IOException {
        return start(store, config, (DataKeys) null);
    }

    /**
     * As {@link #start(MemoryStore, RaftConfig)}, with the log payloads and snapshots this member writes sealed
     * under {@code keys} (the swarm's data keys, the same on every manager; null writes in clear).
     */
    public static RaftStore start(MemoryStore store, RaftConfig config, DataKeys keys) throws IOException {
        if (store.index() != 0) throw new IllegalArgumentException("Raft replays into an empty store only");
        if (config.startup() == RaftConfig.Startup.RESTART && Files.exists(seedFile(config))) {
            LOG.warn(
                    "a force-new-cluster did not finish before this member stopped: finishing it from {}",
                    seedFile(config));
            return forceNewCluster(store, config, keys);
        }
        return start(store, config, null, new LogCipher(keys));
    }

    private static RaftStore start(MemoryStore store, RaftConfig config, byte[] seed, LogCipher cipher)
            throws IOException {
        PrivateFiles.directory(config.raftDir());
        RaftGroupId groupId = GroupIds.resolve(config);
        List<RaftPeer> known = peers(config.peers());
        List<RaftPeer> initial = initialConfiguration(config, known);
        RaftProperties props = RaftTransport.properties(config);
        Parameters parameters = RaftTransport.parameters(config);
        StoreStateMachine stateMachine = new StoreStateMachine(store, SNAPSHOTS_RETAINED, seed, cipher);
        RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(config.peerId()))
                .setGroup(RaftGroup.valueOf(groupId, initial))
                .setStateMachine(stateMachine)
                .setProperties(props)
                .setParameters(parameters)
                .setOption(config.fresh() ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
                .build();
        RaftClient client = null;
        RaftClient adminClient = null;
        RaftStore raft = null;
        try {
            server.start();
            RaftServer.Division division = server.getDivision(groupId);
            RaftGroup clientGroup = RaftGroup.valueOf(groupId, clientPeers(config, known, division));
            client = client(clientGroup, props, parameters, CLIENT_RETRY);
            RaftProperties adminProps = new RaftProperties(props);
            RaftClientConfigKeys.Rpc.setRequestTimeout(adminProps, RaftTransport.millis(ADMIN_TIMEOUT));
            // Group changes go to this member's own server first: only the leader changes the group, on its own
            // decision, and the members take admin requests from no other certificate (RaftPeerAuthenticator).
            adminClient = RaftClient.newBuilder()
                    .setClientId(ClientId.randomId())
                    .setRaftGroup(clientGroup)
                    .setLeaderId(RaftPeerId.valueOf(config.peerId()))
                    .setProperties(adminProps)
                    .setParameters(parameters)
                    .setRetryPolicy(ADMIN_RETRY)
                    .build();
            raft = new RaftStore(config, server, division, client, adminClient, stateMachine, cipher);
            raft.proposer.setReconnect(() -> client(
                    RaftGroup.valueOf(groupId, division.getGroup().getPeers()), props, parameters, CLIENT_RETRY));
            raft.awaitStarted();
            store.setProposer(raft.proposer);
            LOG.info(
                    "Raft member {} of group {} started ({}) at index {}, leader {}",
                    config.peerId(),
                    groupId,
                    config.startup(),
                    stateMachine.appliedIndex(),
                    raft.leaderId());
            return raft;
        } catch (IOException | RuntimeException e) {
            if (raft != null) raft.close();
            else closeQuietly(adminClient, client, server);
            throw e;
        }
    }

    private static RaftClient client(RaftGroup group, RaftProperties props, Parameters parameters, RetryPolicy retry) {
        return RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(group)
                .setProperties(props)
                .setParameters(parameters)
                .setRetryPolicy(retry)
                .build();
    }

    private static List<RaftPeer> peers(List<RaftConfig.Peer> peers) {
        return peers.stream().map(RaftStore::peer).toList();
    }

    private static RaftPeer peer(RaftConfig.Peer p) {
        return RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build();
    }

    /**
     * Ratis wants this member in the group it starts with, or the group empty. A joining member starts empty: it
     * must not count itself a voter before the leader adds it, and learns the members from the leader. A
     * restarting one recovers its configuration from storage, whatever it is told.
     */
    private static List<RaftPeer> initialConfiguration(RaftConfig config, List<RaftPeer> known) {
        boolean knowsSelf = known.stream().anyMatch(p -> p.getId().toString().equals(config.peerId()));
        return switch (config.startup()) {
            case NEW_GROUP -> known;
            case JOIN -> List.of();
            case RESTART -> knowsSelf ? known : List.of();
        };
    }

    /** Whom the client asks: the recovered configuration when there is one (members it was told may be gone). */
    private static List<RaftPeer> clientPeers(RaftConfig config, List<RaftPeer> known, RaftServer.Division division) {
        List<RaftPeer> recovered = List.copyOf(division.getRaftConf().getAllPeers());
        return withSelf(
                config.startup() == RaftConfig.Startup.RESTART && !recovered.isEmpty() ? recovered : known, config);
    }

    private static List<RaftPeer> withSelf(List<RaftPeer> peers, RaftConfig config) {
        Map<String, RaftPeer> all = new LinkedHashMap<>();
        peers.forEach(p -> all.put(p.getId().toString(), p));
        all.putIfAbsent(config.peerId(), peer(config.self()));
        return List.copyOf(all.values());
    }

    private void awaitStarted() throws IOException {
        Duration timeout = startTimeout(config);
        switch (config.startup()) {
            case NEW_GROUP -> awaitLeader(timeout);
            case JOIN -> {}
            case RESTART -> {
                if (aloneInConfiguration()) awaitLeader(timeout);
                else awaitReplayed(timeout);
            }
        }
    }

    private boolean aloneInConfiguration() {
        var peers = division.getRaftConf().getCurrentPeers();
        return peers.size() == 1 && peers.iterator().next().getId().toString().equals(config.peerId());
    }

    /** Long enough for several election rounds, however short the configured timeouts. */
    private static Duration startTimeout(RaftConfig config) {
        Duration rounds = config.electionTimeoutMax().multipliedBy(20);
        Duration floor = Duration.ofSeconds(10);
        return rounds.compareTo(floor) > 0 ? rounds : floor;
    }

    /**
     * Waits until a leader is known (this member, in a group of one) and this member has applied everything
     * committed by then, so that the store holds all its objects before anyone reads it.
     */
    public void awaitLeader(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasReadyLeader()) pause(deadline, "no Raft leader was elected");
        awaitApplied(division.getRaftLog().getLastCommittedIndex(), timeout, "the store did not catch up with the log");
    }

    /**
     * Waits until the store applied what the recovered log knew was committed (no leader needed). A member of a
     * larger group that stops making progress starts anyway: its leader brings it up to date, and its reads go
     * through {@link #readBarrier} until it is (a leader only becomes ready once it applied its whole log).
     */
    private void awaitReplayed(Duration timeout) {
        long committed = division.getRaftLog().getLastCommittedIndex();
        try {
            awaitApplied(committed, timeout, "the store did not replay the log");
        } catch (IOException e) {
            LOG.warn(
                    "{} (applied {} of {}); starting anyway, the leader brings this member up to date",
                    e.getMessage(),
                    stateMachine.appliedIndex(),
                    committed);
        }
    }

    /**
     * Waits until the store applied {@code index}. Replaying a long log on a busy machine can take longer than
     * any fixed bound, and giving up then would only start the same replay over: the wait fails only when the
     * applied index stops moving for {@code stall}.
     */
    private void awaitApplied(long index, Duration stall, String failure) throws IOException {
        long applied = stateMachine.appliedIndex();
        long deadline = System.nanoTime() + stall.toNanos();
        while (applied < index) {
            pause(deadline, failure);
            long now = stateMachine.appliedIndex();
            if (now > applied) deadline = System.nanoTime() + stall.toNanos();
            applied = now;
        }
    }

    /**
     * Waits until the leader added this (joining) member: it is in the configuration, knows the leader and has
     * applied what was committed when it got there, by log or by snapshot.
     */
    public void awaitJoined(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inConfiguration() || division.getInfo().getLeaderId() == null) {
            pause(deadline, "this member was not added to the Raft group");
        }
        awaitLeader(timeout);
    }

    private boolean inConfiguration() {
        return division.getRaftConf().getCurrentPeers().stream()
                .anyMatch(p -> p.getId().toString().equals(config.peerId()));
    }

    private boolean hasReadyLeader() {
        var info = division.getInfo();
        if (info.isLeader()) return info.isLeaderReady();
        return info.getLeaderId() != null;
    }

    private boolean isReadyLeader() {
        var info = division.getInfo();
        return info.isLeader() && info.isLeaderReady();
    }

    private static void pause(long deadline, String failure) throws IOException {
        if (System.nanoTime() > deadline) throw new IOException(failure + " in time");
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Raft", e);
        }
    }

    // ---- reads -------------------------------------------------------------------------------------------

    /**
     * A linearizable read barrier: gets the leader's commit index (Raft's ReadIndex, confirmed by a heartbeat
     * round) and returns once this member has applied up to it, so a read of the local store that follows sees
     * every write acknowledged before the call. Returns the index the store reached.
     *
     * @throws StoreUnavailableException when there is no leader or quorum in time
     */
    public long readBarrier(Duration timeout) {
        try {
            RaftClientReply reply = client.async()
                    .sendReadOnlyUnordered(Message.EMPTY, division.getId())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!reply.isSuccess()) {
                throw new StoreUnavailableException(
                        "no consistent read: " + reply.getException(), reply.getException());
            }
            return Long.parseLong(reply.getMessage().getContent().toStringUtf8());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a read index", e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException(
                    "no consistent read: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("no consistent read in " + timeout.toMillis() + " ms: no quorum", e);
        }
    }

    public long readBarrier() {
        return readBarrier(PROPOSAL_TIMEOUT);
    }

    // ---- membership -----------------------------------------------------------------------------------------

    /**
     * Adds a member (started with {@link RaftConfig.Startup#JOIN}) through joint consensus; returns once the new
     * configuration is committed, after the new member caught up by log or snapshot.
     */
    public void addMember(RaftConfig.Peer peer) throws IOException {
        RaftClientReply reply = adminClient
                .admin()
                .setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                        .setServersInNewConf(List.of(peer(peer)))
                        .setMode(SetConfigurationRequest.Mode.ADD)
                        .build());
        if (!reply.isSuccess()) throw new IOException("cannot add " + peer.id() + ": " + reply.getException());
        LOG.info("added Raft member {} at {}", peer.id(), peer.address());
    }

    /**
     * Removes a member, on the leader only (it alone knows who is reachable). Refused, with the reason, for the
     * last member or when the members left that are reachable could not form a quorum. A leader that removes
     * itself hands leadership to another member first.
     */
    public void removeMember(String peerId) throws IOException {
        if (!isLeader()) {
            throw new IllegalStateException("only the Raft leader can remove a member; the leader is " + leaderId());
        }
        List<Member> members = members();
        String refusal = QuorumRule.refusal(members, peerId);
        if (refusal != null) throw new IllegalStateException(refusal);
        if (peerId.equals(config.peerId())) handOffLeadership(members);
        List<RaftPeer> current = List.copyOf(division.getRaftConf().getCurrentPeers());
        List<RaftPeer> remaining = current.stream()
                .filter(p -> !p.getId().toString().equals(peerId))
                .toList();
        RaftClientReply reply = adminClient
                .admin()
                .setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                        .setServersInCurrentConf(current)
                        .setServersInNewConf(remaining)
                        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                        .build());
        if (!reply.isSuccess()) throw new IOException("cannot remove " + peerId + ": " + reply.getException());
        LOG.info("removed Raft member {}", peerId);
    }

    private void handOffLeadership(List<Member> members) throws IOException {
        String next = members.stream()
                .filter(m -> !m.leader() && m.reachable())
                .min(Comparator.comparing(m -> m.lastContact() == null ? Duration.ZERO : m.lastContact()))
                .map(Member::peerId)
                .orElseThrow(() -> new IllegalStateException("no reachable member to hand leadership to"));
        transferLeadership(next, ADMIN_TIMEOUT);
    }

    /** Makes {@code peerId} the leader and waits until this member sees it lead. */
    public void transferLeadership(String peerId, Duration timeout) throws IOException {
        RaftClientReply reply = adminClient.admin().transferLeadership(RaftPeerId.valueOf(peerId), timeout.toMillis());
        if (!reply.isSuccess()) {
            throw new IOException("cannot transfer leadership to " + peerId + ": " + reply.getException());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!peerId.equals(leaderId())) pause(deadline, "leadership did not move to " + peerId);
    }

    /**
     * The members of the current configuration. On the leader, reachability and last contact come from its
     * replication to each follower; a follower knows only itself and the leader, and reports the others as
     * reachable with an unknown last contact.
     */
    public List<Member> members() {
        RoleInfoProto role = division.getInfo().getRoleInfoProto();
        Map<String, Long> elapsed = new LinkedHashMap<>();
        if (role.hasLeaderInfo()) {
            for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                elapsed.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
            }
        } else if (role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()) {
            ServerRpcProto leader = role.getFollowerInfo().getLeaderInfo();
            elapsed.put(leader.getId().getId().toStringUtf8(), leader.getLastRpcElapsedTimeMs());
        }
        elapsed.put(config.peerId(), 0L);
        String leader = leaderId();
        boolean knowsAll = division.getInfo().isLeader();
        List<Member> out = new ArrayList<>();
        RaftConfiguration conf = division.getRaftConf();
        for (RaftPeer p : conf.getCurrentPeers()) {
            String id = p.getId().toString();
            Long ms = elapsed.get(id);
            Duration contact = ms == null ? null : Duration.ofMillis(ms);
            boolean reachable = contact == null ? !knowsAll : contact.compareTo(config.unreachableAfter()) < 0;
            out.add(new Member(id, p.getAddress(), id.equals(leader), reachable, contact));
        }
        return out;
    }

    // ---- leadership ----------------------------------------------------------------------------------------

    /**
     * Calls {@code listener} with true when this member becomes a ready leader (its first entry of the term is
     * committed, so it may write) and with false when it stops leading, on a thread of its own, in order. A
     * listener added while this member leads hears true at once.
     */
    public void addLeadershipListener(Consumer<Boolean> listener) {
        leadership.add(listener);
    }

    public RaftProposer proposer() {
        return proposer;
    }

    /**
     * Rotates the swarm's data key: a fresh key, sealed under the current one, goes through the log, and every
     * member seals from that entry on with it (each keeps the old one until a later snapshot makes it unneeded).
     * Completes once the entry is committed and applied here.
     */
    public CompletableFuture<Void> rotateDataKey() {
        return proposer.rotate(DataKeys.newKey()).thenApply(r -> null);
    }

    /**
     * Sets the swarm's unlock key (autolock on; null: off) on every member through the log, sealed like any entry;
     * each member then wraps its data keys under the key-encryption key the unlock key stands for. Completes once
     * committed and applied here.
     */
    public CompletableFuture<Void> setUnlockKey(UnlockKey key) {
        return proposer.setUnlockKey(key).thenApply(r -> null);
    }

    public boolean isLeader() {
        return division.getInfo().isLeader();
    }

    /** The current leader's peer ID, or null while there is none. */
    public String leaderId() {
        RaftPeerId id = division.getInfo().getLeaderId();
        return id == null ? null : id.toString();
    }

    public long term() {
        return division.getInfo().getCurrentTerm();
    }

    public RaftGroupId groupId() {
        return division.getGroup().getGroupId();
    }

    public String peerId() {
        return config.peerId();
    }

    /** The first index still in this member's log (the rest was purged after a snapshot). */
    long logStartIndex() {
        return division.getRaftLog().getStartIndex();
    }

    /** The last log index this member applied to the store. */
    public long appliedIndex() {
        return stateMachine.appliedIndex();
    }

    // ---- force new cluster -----------------------------------------------------------------------------------

    /**
     * Recovers a member whose group lost its quorum (Swarm's {@code --force-new-cluster}): keeps the state this
     * member applied, wipes its Raft storage and starts a new group (a new group ID) with this member alone,
     * whose first snapshot is that state, so indexes and versions go on from there. {@code store} is the
     * member's store: either the one it ran with (its Raft store closed first), or an empty one, into which the
     * committed state on disk is recovered first. The old group's members cannot join the new group by mistake.
     * The state is written to a seed file (atomically, fsynced) before the old storage goes, and removed only once
     * the new group holds it as its first snapshot: a crash in between loses nothing, the next start finishes.
     */
    public static RaftStore forceNewCluster(MemoryStore store, RaftConfig config) throws IOException {
        return forceNewCluster(store, config, null);
    }

    /** As {@link #forceNewCluster(MemoryStore, RaftConfig)} for a member whose log is sealed under {@code keys}. */
    public static RaftStore forceNewCluster(MemoryStore store, RaftConfig config, DataKeys keys) throws IOException {
        LogCipher cipher = new LogCipher(keys);
        Path seedFile = seedFile(config);
        byte[] state = Files.exists(seedFile)
                ? cipher.openState(Files.readAllBytes(seedFile))
                : seed(store, config, seedFile, cipher);
        wipe(config);
        RaftConfig fresh = config.withStartup(RaftConfig.Startup.NEW_GROUP)
                .withPeers(List.of(config.self()))
                .withGroupId(UUID.randomUUID().toString());
        LOG.warn("forcing a new Raft cluster from {} with the state of {} bytes", config.dataDir(), state.length);
        RaftStore raft = start(store, fresh, state, cipher);
        Files.deleteIfExists(seedFile);
        return raft;
    }

    /** This member's committed state, kept in {@code seedFile} before anything is removed. */
    private static byte[] seed(MemoryStore store, RaftConfig config, Path seedFile, LogCipher cipher)
            throws IOException {
        if (store.index() == 0) recoverLocally(store, config.withStartup(RaftConfig.Startup.RESTART), cipher);
        byte[] state = store.snapshot();
        PrivateFiles.write(seedFile, cipher.sealState(state));
        return state;
    }

    /** Where a force-new-cluster keeps the state it carries over until the new group has it. */
    static Path seedFile(RaftConfig config) {
        return config.dataDir().resolve("force-new-cluster.seed");
    }

    /** Replays this member's snapshot and committed log into {@code store} without needing a quorum. */
    private static void recoverLocally(MemoryStore store, RaftConfig config, LogCipher cipher) throws IOException {
        if (!Files.exists(config.dataDir().resolve(GroupIds.FILE))) return;
        try (RaftStore old = start(store, config.withGroupId(null), null, cipher)) {
            LOG.info("recovered the old group's state up to index {}", old.appliedIndex());
        }
    }

    static void wipe(RaftConfig config) throws IOException {
        Files.deleteIfExists(config.dataDir().resolve(GroupIds.FILE));
        if (!Files.exists(config.raftDir())) return;
        try (Stream<Path> walk = Files.walk(config.raftDir())) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    /**
     * An entry could not be applied here: this member closes (on a thread of its own, not Ratis's apply thread), so
     * it neither leads nor votes on a store it can no longer keep in step; proposals say why.
     */
    private void stopAfter(StoreStateMachine.ApplyFailure failure) {
        Thread t = new Thread(
                () -> {
                    try {
                        close();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("closing the Raft member after a failed apply: {}", e.getMessage());
                    }
                },
                "skep-raft-stop");
        t.setDaemon(true);
        t.start();
    }

    /** Stops telling leadership, closes the clients, then the server, which releases the Raft port. */
    @Override
    public void close() throws IOException {
        leadership.close();
        closeQuietly(adminClient, client, server);
    }

    private static void closeQuietly(RaftClient adminClient, RaftClient client, RaftServer server) {
        for (RaftClient c : new RaftClient[] {adminClient, client}) {
            if (c == null) continue;
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing a Raft client failed", e);
            }
        }
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the Raft server failed", e);
        }
    }
}
