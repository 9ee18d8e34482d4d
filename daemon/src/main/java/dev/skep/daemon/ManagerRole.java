package dev.skep.daemon;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Node;
import dev.skep.api.net.Address;
import dev.skep.api.time.Timer;
import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.logs.ClusterLogs;
import dev.skep.cluster.server.ClusterServer;
import dev.skep.manager.Manager;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.manager.ca.RevokedCertificates;
import dev.skep.manager.events.ClusterEvents;
import dev.skep.manager.role.ManagerGroup;
import dev.skep.manager.role.ManagerStatusReporter;
import dev.skep.manager.role.RoleManager;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Tx;
import dev.skep.store.raft.RaftConfig;
import dev.skep.store.raft.RaftStore;
import dev.skep.trust.DataKeys;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager part of a node: its Raft member and replicated store, the control loops (running only
 * while this member leads), and the cluster-port server (joins, the dispatcher for agents, Raft membership).
 */
final class ManagerRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerRole.class);

    private final MemoryStore store;
    private final RaftStore raft;
    private final ManagerKeys keys;
    private final RaftGroup group;
    private final Manager manager;
    private final ExecutorService leadership = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skep-leadership");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean leading;
    private ClusterServer server;
    private final ClusterEvents events;

    private ManagerRole(MemoryStore store, RaftStore raft, Timer timer, ManagerKeys keys) {
        this.keys = keys;
        this.store = store;
        this.events = new ClusterEvents(store, timer.clock());
        this.raft = raft;
        this.group = new RaftGroup(raft);
        this.manager = new Manager(
                store,
                timer,
                List.of(new ManagerStatusReporter(store, timer, raft::members), new RoleManager(store, timer, group)));
    }

    /**
     * Starts the Raft member as {@code startup} says, runs the bootstrap transaction for a new group, then
     * the cluster server. Loops start when this member becomes leader.
     */
    static ManagerRole start(
            DaemonConfig config,
            NodeState node,
            SecurityConfig security,
            Timer timer,
            RaftConfig.Startup startup,
            List<RaftConfig.Peer> members,
            ManagerKeys keys,
            Consumer<Tx> bootstrap)
            throws IOException {
        return start(config, node, security, timer, startup, members, node.clusterId(), keys, bootstrap);
    }

    /**
     * {@code groupId}: the Raft group to create or join (the cluster ID, or the group a forced new cluster made);
     * a restart uses the group recorded in the data directory.
     */
    static ManagerRole start(
            DaemonConfig config,
            NodeState node,
            SecurityConfig security,
            Timer timer,
            RaftConfig.Startup startup,
            List<RaftConfig.Peer> members,
            String groupId,
            ManagerKeys keys,
            Consumer<Tx> bootstrap)
            throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        RaftConfig rc = raftConfig(config, node, security, startup, members, store)
                .withGroupId(startup == RaftConfig.Startup.RESTART ? null : groupId);
        RaftStore raft = RaftStore.start(store, rc, dataKeys(keys));
        ManagerRole role = new ManagerRole(store, raft, timer, keys);
        try {
            if (startup == RaftConfig.Startup.NEW_GROUP) store.update(bootstrap);
            role.serve(config, node, security);
        } catch (RuntimeException e) {
            role.close(); // the Raft member is running: stop it before reporting the failure
            throw e;
        }
        return role;
    }

    /**
     * {@code swarm init --force-new-cluster}: recovers this manager's committed state from its data directory
     * into a new Raft group of which it is the only member, lets {@code recover} fix the store up (the other
     * managers are no longer in the group), then serves as the leader. The old role must be closed first.
     */
    static ManagerRole forceNewCluster(
            DaemonConfig config,
            NodeState node,
            SecurityConfig security,
            Timer timer,
            ManagerKeys keys,
            Consumer<Tx> recover)
            throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        RaftConfig rc = raftConfig(config, node, security, RaftConfig.Startup.RESTART, List.of(), store)
                .withGroupId(null);
        RaftStore raft = RaftStore.forceNewCluster(store, rc, dataKeys(keys));
        ManagerRole role = new ManagerRole(store, raft, timer, keys);
        try {
            store.updateWithRetry(5, recover);
            role.serve(config, node, security);
        } catch (RuntimeException e) {
            role.close();
            throw e;
        }
        return role;
    }

    /**
     * A hidden switch for the write benchmark only ({@code -Dskep.raft.cleartext=true} on every manager): the Raft log
     * in clear, to measure what sealing costs. Never for real use: autolock then protects nothing.
     */
    private static final boolean CLEARTEXT = Boolean.getBoolean("skep.raft.cleartext");

    /** The data keys the Raft log is sealed under; none for a manager of a swarm made before encryption at rest. */
    private static DataKeys dataKeys(ManagerKeys keys) {
        return keys == null || CLEARTEXT ? null : keys.keys();
    }

    /** This manager's data keys, or null when its Raft log is in clear. */
    ManagerKeys keys() {
        return keys;
    }

    private static RaftConfig raftConfig(
            DaemonConfig config,
            NodeState node,
            SecurityConfig security,
            RaftConfig.Startup startup,
            List<RaftConfig.Peer> members,
            MemoryStore store) {
        SwarmAddresses addrs = node.addresses(config);
        String raftAddr = addrs.raftAdvertise().toString();
        List<RaftConfig.Peer> peers =
                members.isEmpty() ? List.of(new RaftConfig.Peer(node.nodeId(), raftAddr)) : members;
        return RaftConfig.single(config.dataDir(), node.nodeId(), raftAddr, true)
                .withBindAddress(addrs.raftListen().toString())
                .withStartup(startup)
                .withPeers(peers)
                .withTls(RaftConfig.Tls.renewable(security, RootCA.MANAGER_OU)
                        .withRevocation(new RevokedCertificates(store, store.clock())));
    }

    private void serve(DaemonConfig config, NodeState node, SecurityConfig security) {
        raft.addLeadershipListener(isLeader -> leadership.execute(() -> lead(isLeader)));
        leadership.execute(() -> lead(raft.isLeader()));
        CertificateAuthority ca = new CertificateAuthority(store);
        Address listen = node.addresses(config).listen();
        try {
            server = ClusterServer.builder(security)
                    .listenAddr(listen.toString())
                    .issuer(new JoinIssuer(ca, store))
                    .dispatcher(() -> leading ? manager.dispatcher() : null)
                    .leaderAddr(this::leaderAddr)
                    .managers(this::managerPeers)
                    .raft(new RaftMembershipAdapter(raft, store, dataKeys(keys)))
                    .roles(new RoleAuthority(ca, store, group))
                    .revocation(new RevokedCertificates(store, store.clock()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw ApiException.invalid(PortCheck.failure(listen, "remote API", e));
        }
    }

    /** Starts or stops the control loops as leadership comes and goes; runs on one thread, in order. */
    private void lead(boolean isLeader) {
        if (isLeader == leading) return;
        leading = isLeader;
        if (isLeader) {
            LOG.info("this manager is now the leader (term {}): starting the control loops", raft.term());
            manager.start();
        } else {
            LOG.info("this manager is no longer the leader: stopping the control loops");
            manager.stop();
        }
    }

    private String leaderAddr() {
        String leaderId = raft.leaderId();
        if (leaderId == null) return null;
        Node n = store.view(tx -> tx.nodes().get(leaderId));
        return n == null || n.managerStatus() == null ? null : n.managerStatus().addr();
    }

    private List<ManagerPeer> managerPeers() {
        String leaderId = raft.leaderId();
        return store.view((ReadTx tx) -> {
            List<ManagerPeer> out = new ArrayList<>();
            for (Node n : tx.nodes().all()) {
                if (n.managerStatus() == null || n.managerStatus().addr() == null) continue;
                out.add(new ManagerPeer(n.id(), n.managerStatus().addr(), n.id().equals(leaderId)));
            }
            return out;
        });
    }

    /** Task logs from every node, through the leader's log broker. */
    ClusterLogs logs() {
        return server.logs();
    }

    MemoryStore store() {
        return store;
    }

    RaftStore raft() {
        return raft;
    }

    ClusterEvents events() {
        return events;
    }

    ManagerGroup group() {
        return group;
    }

    @Override
    public void close() {
        events.close();
        if (server != null) server.close();
        leadership.execute(() -> lead(false));
        leadership.shutdown();
        try {
            leadership.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            raft.close();
        } catch (IOException e) {
            LOG.warn("closing Raft: {}", e.getMessage());
        }
    }
}
