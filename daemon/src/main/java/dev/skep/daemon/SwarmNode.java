package dev.skep.daemon;

import dev.skep.api.defaults.ClusterDefaults;
import dev.skep.cluster.logs.ClusterLogs;
import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Node;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.model.SwarmJoinRequest;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.SystemTimer;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.trust.NodeCertificate;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.ca.JoinClient;
import dev.skep.cluster.ca.JoinResult;
import dev.skep.cluster.raft.ManagerClient;
import dev.skep.cluster.ca.NodeCaClient;
import dev.skep.manager.events.ClusterEvents;
import dev.skep.manager.role.ManagerGroup;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import dev.skep.store.raft.RaftConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's swarm membership. Outside a swarm it holds nothing; in a swarm it runs a {@link WorkerRole}
 * (agent + executor) and, on managers, a {@link ManagerRole} (Raft member, store, control loops, cluster
 * server). The membership survives restarts through {@code <data-dir>/node.json} and the certificates.
 */
public final class SwarmNode implements LocalNode, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmNode.class);
    static final String ALREADY_IN_SWARM = "This node is already part of a swarm. Use \"docker swarm leave\" "
            + "to leave this swarm and join another one.";
    static final String NOT_IN_SWARM = "This node is not part of a swarm";
    static final String NOT_A_MANAGER = "This node is not a swarm manager. Worker nodes can't be used to view or "
            + "modify cluster state. Please run this command on a manager node or promote the current node to a "
            + "manager.";
    static final String LEAVE_MANAGER = "You are attempting to leave the swarm on a node that is participating "
            + "as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to "
            + "ignore this message. ";

    private final DaemonConfig config;
    private final SystemTimer timer = new SystemTimer();
    private volatile NodeState state;
    private volatile ManagerRole manager;
    private volatile WorkerRole worker;
    private volatile RoleWatcher roleWatcher;
    private final RoleCheckClient roleCheckClient = new RoleCheckClient();
    private volatile boolean closed;

    SwarmNode(DaemonConfig config) {
        this.config = config;
    }

    private Path certDir() {
        return NodeCertificate.directory(config.dataDir());
    }

    /** Picks up the membership this node had before a restart, if any: the Raft log restores the store. */
    synchronized void resume() throws IOException {
        NodeState saved = NodeState.load(config.dataDir());
        if (saved == null) return;
        LOG.info("resuming as {} {} of cluster {}", saved.role(), saved.nodeId(), saved.clusterId());
        NodeCertificate cert = NodeCertificate.load(certDir());
        if (saved.isManager()) {
            manager = ManagerRole.start(config, saved, cert, timer, RaftConfig.Startup.RESTART, List.of(), tx -> { });
        }
        worker = WorkerRole.start(config, cert, agentManagers(saved), timer);
        state = saved;
        watchRole();
    }

    @Override
    public synchronized String initSwarm(SwarmInitRequest request) {
        if (state != null && Boolean.TRUE.equals(request.forceNewCluster())) return forceNewCluster();
        if (state != null) throw ApiException.unavailable(ALREADY_IN_SWARM);
        String advertise = advertiseAddr(request.advertiseAddr());
        NodeState fresh = new NodeState(Ids.newId(), Ids.newId(), "manager", advertise, List.of(advertise));
        CertificateAuthority.Bootstrap ca = CertificateAuthority.bootstrap(fresh.clusterId(), fresh.nodeId());
        ca.node().save(certDir());
        try {
            manager = ManagerRole.start(config, fresh, ca.node(), timer, RaftConfig.Startup.NEW_GROUP, List.of(),
                    tx -> bootstrap(tx, fresh, request, ca));
        } catch (IOException e) {
            deleteState();
            throw new UncheckedIOException(e);
        }
        worker = WorkerRole.start(config, ca.node(), fresh.managers(), timer);
        fresh.save(config.dataDir());
        state = fresh;
        watchRole();
        LOG.info("swarm initialized: node {} is the manager of cluster {}", fresh.nodeId(), fresh.clusterId());
        return fresh.nodeId();
    }

    /**
     * Joins through a manager: gets a certificate for the token's role, then — for a manager — starts a Raft
     * member outside the group and asks the leader to add it; the agent connects to the leader's dispatcher.
     */
    @Override
    public synchronized void joinSwarm(SwarmJoinRequest request) {
        if (state != null) throw ApiException.unavailable(ALREADY_IN_SWARM);
        if (request.remoteAddrs() == null || request.remoteAddrs().isEmpty()) {
            throw ApiException.invalid("at least 1 RemoteAddr is required to join");
        }
        if (request.joinToken() == null || request.joinToken().isBlank()) {
            throw ApiException.invalid("a join token is required to join a swarm");
        }
        String remote = withPort(request.remoteAddrs().get(0));
        JoinResult joined;
        try {
            joined = JoinClient.join(remote, request.joinToken(), null);
        } catch (ClusterException e) {
            throw ApiException.invalid(e.getMessage());
        }
        NodeCertificate cert = joined.certificate();
        String advertise = advertiseAddr(request.advertiseAddr());
        List<String> managers = new ArrayList<>(joined.managerAddrs());
        if (managers.isEmpty()) managers.add(remote);
        // The join result's role is the certificate OU (swarm-manager/swarm-worker); the saved state, which a
        // restart resumes from, speaks Swarm's role names (manager/worker).
        String role = joined.isManager() ? "manager" : "worker";
        NodeState st = new NodeState(joined.nodeId(), cert.clusterId(), role, advertise, managers);
        cert.save(certDir());
        try {
            if (joined.isManager()) manager = joinRaft(st, cert, managers);
        } catch (Exception e) {
            deleteState();
            throw ApiException.unavailable("joining the managers' Raft group failed: " + e.getMessage());
        }
        worker = WorkerRole.start(config, cert, agentManagers(st), timer);
        st.save(config.dataDir());
        state = st;
        watchRole();
        LOG.info("joined cluster {} as {} {}", st.clusterId(), st.role(), st.nodeId());
    }

    private ManagerRole joinRaft(NodeState st, NodeCertificate cert, List<String> managers) throws Exception {
        try (ManagerClient client = new ManagerClient(cert, managers)) {
            List<RaftConfig.Peer> members = client.members().stream()
                    .map(m -> new RaftConfig.Peer(m.id(), m.address())).toList();
            String groupId = client.groupId();
            ManagerRole role = ManagerRole.start(config, st, cert, timer, RaftConfig.Startup.JOIN, members,
                    groupId != null ? groupId : st.clusterId(), tx -> { });
            try {
                client.joinRaft(st.nodeId(), ManagerRole.raftAddr(config, st));
                role.raft().awaitJoined(Duration.ofSeconds(30));
                return role;
            } catch (Exception e) {
                role.close();
                throw e;
            }
        }
    }

    // ---- role changes ---------------------------------------------------------------------------------------

    private void watchRole() {
        if (roleWatcher == null) roleWatcher = new RoleWatcher(this::checkRole);
    }

    /**
     * Asks the leader which role the cluster grants this node and, when it is not the one this node runs, gets a
     * certificate for it and switches: a promoted worker becomes a manager, a demoted manager a worker.
     */
    void checkRole() {
        NodeState st = state;
        if (st == null || closed) return;
        NodeCaClient client = roleCheckClient.get(NodeCertificate.load(certDir()), knownManagers(st));
        String granted = client.grantedRole();
        if (granted == null || granted.equals(st.role())) return;
        LOG.info("this node's role is now {} (was {}): renewing its certificate", granted, st.role());
        NodeCertificate renewed = client.renew();
        if (!granted.equals(renewed.role())) return; // the role changed again meanwhile: next round
        changeRole(st, renewed);
    }

    private synchronized void changeRole(NodeState st, NodeCertificate renewed) {
        if (state != st || closed) return;
        if (renewed.isManager()) promote(st, renewed);
        else demote(st, renewed);
    }

    /** Starts a Raft member that joins the group, with the cluster server; the agent goes on as it was. */
    private void promote(NodeState st, NodeCertificate cert) {
        NodeState next = st.withRole("manager");
        deleteRaftState();
        try {
            manager = joinRaft(next, cert, knownManagers(st));
        } catch (Exception e) {
            deleteRaftState();
            LOG.warn("promotion to manager failed, will retry: {}", e.getMessage());
            return;
        }
        cert.save(certDir());
        next.save(config.dataDir());
        state = next;
        LOG.info("promoted: node {} is now a manager", st.nodeId());
    }

    /** The leader took this node out of the Raft group: stop the manager, forget the log, keep the tasks. */
    private void demote(NodeState st, NodeCertificate cert) {
        ManagerRole m = manager;
        manager = null;
        if (m != null) m.close();
        deleteRaftState();
        cert.save(certDir());
        NodeState next = st.withRole("worker");
        next.save(config.dataDir());
        state = next;
        LOG.info("demoted: node {} is now a worker", st.nodeId());
    }

    /** The managers to ask: those the agent's sessions reported, then the ones remembered. */
    private List<String> knownManagers(NodeState st) {
        List<String> out = new ArrayList<>();
        WorkerRole w = worker;
        if (w != null && w.managers() != null) out.addAll(w.managers());
        for (String a : agentManagers(st)) if (!out.contains(a)) out.add(a);
        return out;
    }

    /**
     * {@code swarm init --force-new-cluster} on a manager: its state, recovered from its own log, becomes a new
     * Raft group with this manager alone, the leader; the other managers are no longer members, so their
     * ManagerStatus goes (as in Swarm, where it comes from the Raft member list). Workers stay in the swarm.
     */
    private String forceNewCluster() {
        NodeState st = state;
        if (!st.isManager()) throw ApiException.unavailable(NOT_A_MANAGER);
        NodeCertificate cert = NodeCertificate.load(certDir());
        ManagerRole old = manager;
        manager = null;
        if (old != null) old.close();
        try {
            manager = ManagerRole.forceNewCluster(config, st, cert, timer, tx -> keepOnlyThisManager(tx, st));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeState next = st.withManagers(List.of(st.advertiseAddr()));
        next.save(config.dataDir());
        state = next;
        LOG.warn("forced a new cluster: node {} is the only manager", st.nodeId());
        return st.nodeId();
    }

    private static void keepOnlyThisManager(Tx tx, NodeState st) {
        for (Node n : tx.nodes().all()) {
            if (n.id().equals(st.nodeId())) {
                tx.update(n.withManagerStatus(new Node.ManagerStatus(true, "reachable", st.advertiseAddr())));
            } else if (n.managerStatus() != null) {
                tx.update(n.withManagerStatus(null));
            }
        }
    }

    /** Raft storage of an earlier membership: a member that joins again starts from an empty log. */
    private void deleteRaftState() {
        Path dir = config.dataDir();
        deleteRecursively(dir.resolve("raft-group-id"));
        deleteRecursively(dir.resolve("raft"));
    }

    /** The managers the agent may talk to: this node first when it is one, then those it knows. */
    private static List<String> agentManagers(NodeState st) {
        List<String> out = new ArrayList<>();
        if (st.isManager()) out.add(st.advertiseAddr());
        if (st.managers() != null) st.managers().stream().filter(a -> !out.contains(a)).forEach(out::add);
        return out;
    }

    private static String withPort(String addr) {
        boolean hasPort = addr.startsWith("[") ? addr.contains("]:") : addr.chars().filter(c -> c == ':').count() == 1;
        return hasPort ? addr : addr + ":" + DaemonConfig.DEFAULT_CLUSTER_PORT;
    }

    /** The objects a new swarm starts with: the cluster and this node, a ready leader. */
    private void bootstrap(Tx tx, NodeState st, SwarmInitRequest request, CertificateAuthority.Bootstrap ca) {
        Cluster.Spec spec = ClusterDefaults.spec(request.spec());
        tx.create(ca.applyTo(new Cluster(st.clusterId(), null, null, null, spec, new TlsInfo(null, null, null), false,
                request.dataPathPort() == null || request.dataPathPort() == 0 ? 4789L : request.dataPathPort(),
                request.defaultAddrPool() == null || request.defaultAddrPool().isEmpty()
                        ? List.of("10.0.0.0/8") : request.defaultAddrPool(),
                request.subnetSize() == null || request.subnetSize() == 0 ? 24L : request.subnetSize(),
                null)));
        String availability = request.availability() == null || request.availability().isEmpty()
                ? "active" : request.availability();
        String host = DaemonConfig.host(st.advertiseAddr());
        tx.create(new Node(st.nodeId(), null, null, null,
                new Node.Spec(null, Map.of(), "manager", availability),
                new Node.Description(config.nodeName(), null, null, null, null),
                new Node.Status("unknown", null, host),
                new Node.ManagerStatus(true, "reachable", st.advertiseAddr())));
    }

    /** HOST:PORT others reach this node at: the request's, the daemon's, or a local address. */
    private String advertiseAddr(String requested) {
        int port = DaemonConfig.port(config.listenAddr(), DaemonConfig.DEFAULT_CLUSTER_PORT);
        String given = firstNonEmpty(requested, config.advertiseAddr());
        if (given != null) {
            if (given.startsWith("[") || given.chars().filter(c -> c == ':').count() == 1) {
                return given;
            }
            return given + ":" + port;
        }
        String listenHost = DaemonConfig.host(config.listenAddr());
        String host = listenHost.isEmpty() || listenHost.equals("0.0.0.0") ? localAddress() : listenHost;
        return host + ":" + port;
    }

    private static String firstNonEmpty(String a, String b) {
        if (a != null && !a.isBlank()) return a;
        if (b != null && !b.isBlank()) return b;
        return null;
    }

    /** The first non-loopback IPv4 address of this host, else loopback. */
    private static String localAddress() {
        try {
            for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                if (!ni.isUp() || ni.isLoopback() || ni.getName().startsWith("docker")
                        || ni.getName().startsWith("veth") || ni.getName().startsWith("br-")) {
                    continue;
                }
                for (InetAddress a : ni.inetAddresses().toList()) {
                    if (a instanceof Inet4Address) return a.getHostAddress();
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list interfaces: {}", e.getMessage());
        }
        return "127.0.0.1";
    }

    @Override
    public synchronized void leaveSwarm(boolean force) {
        if (state == null) throw ApiException.unavailable(NOT_IN_SWARM);
        if (state.isManager() && !force) throw ApiException.unavailable(LEAVE_MANAGER);
        NodeState st = state;
        stopWatchingRole();
        if (worker != null) worker.leave();
        if (manager != null) {
            leaveRaft(st);
            manager.close();
        }
        worker = null;
        manager = null;
        state = null;
        deleteState();
        LOG.info("left the swarm");
    }

    /** A manager leaving a group of several asks the leader to remove it first, so the others keep quorum. */
    private void leaveRaft(NodeState st) {
        try {
            if (manager.raft().members().size() <= 1) return;
            try (ManagerClient client = new ManagerClient(NodeCertificate.load(certDir()), st.managers())) {
                client.leaveRaft(st.nodeId());
            }
        } catch (Exception e) {
            LOG.warn("could not leave the Raft group cleanly: {}", e.getMessage());
        }
    }

    /** Forgets the swarm: membership file, Raft group and log, certificates. */
    private void deleteState() {
        Path dir = config.dataDir();
        for (Path p : List.of(NodeState.file(dir), dir.resolve("raft-group-id"), dir.resolve("raft"),
                NodeCertificate.directory(dir))) {
            deleteRecursively(p);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String nodeId() {
        NodeState s = state;
        return s == null ? null : s.nodeId();
    }

    @Override
    public String localNodeState() {
        return state == null ? "inactive" : "active";
    }

    @Override
    public String nodeAddr() {
        NodeState s = state;
        return s == null ? "" : DaemonConfig.host(s.advertiseAddr());
    }

    @Override
    public String nodeName() {
        return config.nodeName();
    }

    @Override
    public MemoryStore store() {
        ManagerRole m = manager;
        return m == null ? null : m.store();
    }

    @Override
    public ClusterEvents events() {
        ManagerRole m = manager;
        return m == null ? null : m.events();
    }

    @Override
    public ManagerGroup managerGroup() {
        ManagerRole m = manager;
        return m == null ? null : m.group();
    }

    private void stopWatchingRole() {
        if (roleWatcher != null) roleWatcher.close();
        roleWatcher = null;
        roleCheckClient.close();
    }

    @Override
    public ClusterLogs logs() {
        if (state == null) throw ApiException.unavailable(NOT_IN_SWARM);
        ManagerRole m = manager;
        if (m == null) throw ApiException.unavailable(NOT_A_MANAGER);
        return m.logs();
    }

    @Override
    public String dockerHost() {
        return config.dockerHost();
    }

    /** Stops everything but leaves containers running: a restarted skepd adopts them. */
    @Override
    public synchronized void close() {
        closed = true;
        stopWatchingRole();
        NodeState st = state;
        if (worker != null) {
            List<String> known = worker.managers();
            if (st != null && known != null && !known.isEmpty()) st.withManagers(known).save(config.dataDir());
            worker.close();
        }
        if (manager != null) manager.close();
        worker = null;
        manager = null;
        timer.close();
    }
}
