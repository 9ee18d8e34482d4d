package dev.skep.daemon;

import dev.skep.api.defaults.ClusterDefaults;
import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Node;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.model.SwarmJoinRequest;
import dev.skep.api.net.Address;
import dev.skep.api.net.AddressResolver;
import dev.skep.api.time.SystemTimer;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.ca.JoinClient;
import dev.skep.cluster.ca.JoinResult;
import dev.skep.cluster.ca.NodeCaClient;
import dev.skep.cluster.logs.ClusterLogs;
import dev.skep.cluster.raft.ManagerClient;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.manager.ca.ClusterCa;
import dev.skep.manager.events.ClusterEvents;
import dev.skep.manager.role.ManagerGroup;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import dev.skep.store.raft.RaftConfig;
import dev.skep.trust.KeyWrap;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.SecurityConfig;
import dev.skep.trust.UnlockKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final DaemonConfig config;
    private final AddressResolver resolver;
    private final SystemTimer timer = new SystemTimer();
    private volatile NodeState state;
    /** The membership of a manager that restarted locked (autolock), until {@code swarm unlock}; else null. */
    private volatile NodeState locked;

    private volatile ManagerRole manager;
    private volatile WorkerRole worker;
    private volatile RoleWatcher roleWatcher;
    private final RoleCheckClient roleCheckClient = new RoleCheckClient();
    private final RootRotationFollower rotation;
    /** This node's certificate, renewed while it runs; null outside a swarm. */
    private volatile SecurityConfig security;

    private volatile CertificateRenewer renewer;
    private final RoleCheckClient renewClient = new RoleCheckClient();
    private final ExecutorService renewals = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skep-cert-renewal");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    SwarmNode(DaemonConfig config) {
        this(config, AddressResolver.system());
    }

    SwarmNode(DaemonConfig config, AddressResolver resolver) {
        this.config = config;
        this.resolver = resolver;
        this.rotation = new RootRotationFollower(this::trustNewRoot, this::renewCertificateNow, this::trustRoots);
    }

    private Path certDir() {
        return NodeCertificate.directory(config.dataDir());
    }

    /** Picks up the membership this node had before a restart, if any: the Raft log restores the store. */
    synchronized void resume() throws IOException {
        NodeState saved = NodeState.load(config.dataDir());
        if (saved == null) return;
        LOG.info("resuming as {} {} of cluster {}", saved.role(), saved.nodeId(), saved.clusterId());
        if (saved.isManager() && ManagerKeys.locked(config.dataDir())) {
            locked = saved;
            LOG.warn("this manager is locked (autolock): it starts once an operator runs 'docker swarm unlock'");
            return;
        }
        resume(saved, saved.isManager() ? savedKeys(null) : null);
    }

    /** Starts the roles of a saved membership; {@code keys} open a manager's Raft log (null: in clear). */
    private void resume(NodeState saved, ManagerKeys keys) throws IOException {
        SecurityConfig cert = SecurityConfig.of(NodeCertificate.load(certDir()), certDir());
        if (!timer.now().isBefore(cert.current().certificate().getNotAfter().toInstant())) {
            LOG.error(CertificateRenewer.expired(cert.current()));
        }
        security = cert;
        if (saved.isManager()) {
            manager = ManagerRole.start(
                    config, saved, cert, timer, RaftConfig.Startup.RESTART, List.of(), keys, tx -> {});
        }
        worker = WorkerRole.start(config, cert, agentManagers(saved), saved.addresses(config), timer);
        state = saved;
        watchRole();
    }

    /** The data keys saved under the data dir, opened (with {@code unlockKey} if locked); null when there are none. */
    private ManagerKeys savedKeys(UnlockKey unlockKey) {
        if (ManagerKeys.exists(config.dataDir())) return ManagerKeys.open(config.dataDir(), unlockKey);
        LOG.warn("this manager has no data keys (its swarm predates encryption at rest): its Raft log stays in clear");
        return null;
    }

    /**
     * {@code swarm unlock}: opens the data keys with the unlock key, then starts as a restart would. A wrong key
     * changes nothing.
     */
    @Override
    public synchronized void unlock(String unlockKey) {
        NodeState st = locked;
        if (st == null) {
            if (state == null) throw ApiException.unavailable(SwarmErrors.NOT_IN_SWARM);
            throw new ApiException(409, SwarmErrors.NOT_LOCKED);
        }
        ManagerKeys keys;
        try {
            keys = ManagerKeys.open(config.dataDir(), UnlockKey.parse(unlockKey));
        } catch (IllegalArgumentException | KeyWrap.WrongKey e) {
            throw new ApiException(401, SwarmErrors.INVALID_UNLOCK_KEY);
        }
        try {
            resume(st, keys);
        } catch (IOException | RuntimeException e) {
            LOG.warn("starting the unlocked manager failed", e);
            throw new ApiException(500, "starting the unlocked manager failed: " + e.getMessage());
        }
        locked = null;
        LOG.info("unlocked: manager {} of cluster {} runs", st.nodeId(), st.clusterId());
    }

    @Override
    public String unlockKey() {
        ManagerRole m = manager;
        UnlockKey key = m == null || m.keys() == null ? null : m.keys().keys().unlockKey();
        return key == null ? "" : key.text();
    }

    /**
     * Turns autolock on or off on every manager, or gives it a new unlock key ({@code rotate}): the change goes
     * through the Raft log, and each manager wraps its data keys again as it applies it.
     */
    @Override
    public void autolock(boolean on, boolean rotate) {
        ManagerRole m = manager;
        if (m == null) throw ApiException.unavailable(SwarmErrors.NOT_A_MANAGER);
        if (m.keys() == null) {
            if (on) throw ApiException.invalid("autolock needs an encrypted Raft log, which this swarm predates");
            return;
        }
        UnlockKey current = m.keys().keys().unlockKey();
        UnlockKey next = !on ? null : current == null || rotate ? UnlockKey.generate() : current;
        if (Objects.equals(next, current)) return;
        try {
            m.raft().setUnlockKey(next).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.unavailable("the unlock key change was not committed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        }
    }

    @Override
    public synchronized String initSwarm(SwarmInitRequest request) {
        if (locked != null) throw ApiException.unavailable(SwarmErrors.SWARM_LOCKED);
        if (state != null && Boolean.TRUE.equals(request.forceNewCluster())) return forceNewCluster();
        if (state != null) throw ApiException.unavailable(SwarmErrors.ALREADY_IN_SWARM);
        SwarmAddresses addrs = SwarmAddresses.resolve(
                resolver, config, request.listenAddr(), request.advertiseAddr(), request.dataPathAddr(), null);
        long dataPathPort = dataPathPort(request.dataPathPort());
        PortCheck.managerPorts(addrs);
        String advertise = addrs.advertise().toString();
        NodeState fresh = new NodeState(Ids.newId(), Ids.newId(), "manager", List.of(advertise), addrs);
        // The first manager's certificate lasts what the new cluster's spec says, as every later one will.
        Duration certExpiry = ClusterCa.nodeCertExpiry(ClusterDefaults.cluster(
                fresh.clusterId(), request.spec(), dataPathPort, request.defaultAddrPool(), request.subnetSize()));
        CertificateAuthority.Bootstrap ca =
                CertificateAuthority.bootstrap(fresh.clusterId(), fresh.nodeId(), timer.clock(), certExpiry);
        ca.node().save(certDir());
        SecurityConfig cert = SecurityConfig.of(ca.node(), certDir());
        try {
            manager = ManagerRole.start(
                    config,
                    fresh,
                    cert,
                    timer,
                    RaftConfig.Startup.NEW_GROUP,
                    List.of(),
                    ManagerKeys.create(config.dataDir()),
                    tx -> bootstrap(tx, fresh, request, dataPathPort, ca));
            if (Boolean.TRUE.equals(request.autoLockManagers())) autolock(true, false);
        } catch (IOException | RuntimeException e) {
            deleteState();
            throw startFailed(addrs, e);
        }
        worker = WorkerRole.start(config, cert, fresh.managers(), addrs, timer);
        security = cert;
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
        if (locked != null) throw ApiException.unavailable(SwarmErrors.SWARM_LOCKED);
        if (state != null) throw ApiException.unavailable(SwarmErrors.ALREADY_IN_SWARM);
        if (request.remoteAddrs() == null || request.remoteAddrs().isEmpty()) {
            throw ApiException.invalid("at least 1 RemoteAddr is required to join");
        }
        if (request.joinToken() == null || request.joinToken().isBlank()) {
            throw ApiException.invalid("a join token is required to join a swarm");
        }
        Address remote = remoteAddr(request.remoteAddrs().get(0));
        SwarmAddresses addrs = SwarmAddresses.resolve(
                resolver, config, request.listenAddr(), request.advertiseAddr(), request.dataPathAddr(), remote);
        JoinResult joined;
        try {
            joined = JoinClient.join(remote.toString(), request.joinToken());
        } catch (ClusterException e) {
            throw ApiException.invalid(e.getMessage());
        }
        SecurityConfig cert = SecurityConfig.of(joined.certificate(), certDir());
        List<String> managers = new ArrayList<>(joined.managerAddrs());
        if (managers.isEmpty()) managers.add(remote.toString());
        // The join result's role is the certificate OU (swarm-manager/swarm-worker); the saved state, which a
        // restart resumes from, speaks Swarm's role names (manager/worker).
        String role = joined.isManager() ? "manager" : "worker";
        NodeState st = new NodeState(joined.nodeId(), cert.current().clusterId(), role, managers, addrs);
        cert.current().save(certDir());
        // A manager's join may take longer than a short certificate lasts: renew from now on.
        startRenewal(cert, st);
        try {
            if (joined.isManager()) {
                PortCheck.managerPorts(addrs);
                manager = joinRaft(st, cert, managers);
            }
        } catch (ApiException e) {
            stopRenewal();
            deleteState();
            throw e;
        } catch (Exception e) {
            stopRenewal();
            deleteState();
            throw ApiException.unavailable("joining the managers' Raft group failed: " + e.getMessage());
        }
        worker = WorkerRole.start(config, cert, agentManagers(st), addrs, timer);
        security = cert;
        st.save(config.dataDir());
        state = st;
        watchRole();
        LOG.info("joined cluster {} as {} {}", st.clusterId(), st.role(), st.nodeId());
    }

    private ManagerRole joinRaft(NodeState st, SecurityConfig cert, List<String> managers) throws Exception {
        try (ManagerClient client = new ManagerClient(cert, managers)) {
            List<RaftConfig.Peer> members = client.members().stream()
                    .map(m -> new RaftConfig.Peer(m.id(), m.address()))
                    .toList();
            String groupId = client.groupId();
            // The swarm's data keys, from a manager over mutual TLS (manager certificates only), before this member
            // reads any log entry.
            byte[] encodedKeys = client.dataKeys();
            ManagerKeys keys = encodedKeys == null ? null : ManagerKeys.adopt(config.dataDir(), encodedKeys);
            ManagerRole role = ManagerRole.start(
                    config,
                    st,
                    cert,
                    timer,
                    RaftConfig.Startup.JOIN,
                    members,
                    groupId != null ? groupId : st.clusterId(),
                    keys,
                    tx -> {});
            try {
                client.joinRaft(
                        st.nodeId(), st.addresses(config).raftAdvertise().toString());
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
        startRenewal(security, state);
    }

    /**
     * Renews {@code identity} at its time from now on, asking the managers {@code initial} knows until this node's
     * state says more.
     */
    private void startRenewal(SecurityConfig identity, NodeState initial) {
        if (renewer != null) return;
        renewer = new CertificateRenewer(
                        identity,
                        current -> renew(current, initial),
                        timer,
                        renewals,
                        () -> ThreadLocalRandom.current().nextDouble())
                .start();
    }

    private void stopRenewal() {
        if (renewer != null) renewer.close();
        renewer = null;
        renewClient.close();
    }

    /** A new certificate from the leader, asked with the current one. */
    private NodeCertificate renew(NodeCertificate current, NodeState initial) {
        NodeState st = state != null ? state : initial;
        return renewClient.get(current, knownManagers(st)).renew();
    }

    /** The root CA rotation finished: the node's live identity (and its saved files) trust the new root. */
    private void trustNewRoot(NodeCertificate next) {
        SecurityConfig identity = security;
        if (identity != null) identity.update(next);
    }

    /** A root rotation runs: every TLS endpoint and per-call check of this node trusts {@code roots} from now on. */
    private void trustRoots(List<X509Certificate> roots) {
        SecurityConfig identity = security;
        if (identity != null) identity.trust(roots);
    }

    /**
     * Renews this node's certificate now rather than at its scheduled time (e.g. once the root CA rotated); the
     * renewal is retried until it succeeds. Does nothing outside a swarm.
     */
    public void renewCertificateNow() {
        CertificateRenewer r = renewer;
        if (r != null) r.renewNow();
    }

    /**
     * Asks the leader which role the cluster grants this node and, when it is not the one this node runs, gets a
     * certificate for it and switches: a promoted worker becomes a manager, a demoted manager a worker.
     */
    void checkRole() {
        NodeState st = state;
        SecurityConfig identity = security;
        if (st == null || identity == null || closed) return;
        NodeCertificate cert = identity.current();
        NodeCaClient client = roleCheckClient.get(identity, knownManagers(st));
        NodeCaClient.Answer answer = client.check(cert.rootCaPem());
        String granted = answer.role();
        if (granted == null) return;
        if (granted.equals(st.role())) {
            rotation.follow(cert, answer);
            return;
        }
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
        // The node presents its manager certificate from now on, also to the dispatcher as its agent goes on.
        security.update(cert);
        try {
            manager = joinRaft(next, security, knownManagers(st));
        } catch (Exception e) {
            deleteRaftState();
            LOG.warn("promotion to manager failed, will retry: {}", e.getMessage());
            return;
        }
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
        security.update(cert);
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
        if (!st.isManager()) throw ApiException.unavailable(SwarmErrors.NOT_A_MANAGER);
        SecurityConfig cert = security;
        ManagerRole old = manager;
        manager = null;
        if (old != null) old.close();
        ManagerKeys keys = old != null && old.keys() != null ? old.keys() : savedKeys(null);
        try {
            manager = ManagerRole.forceNewCluster(config, st, cert, timer, keys, tx -> keepOnlyThisManager(tx, st));
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
        deleteRecursively(ManagerKeys.file(dir));
    }

    /** The managers the agent may talk to: this node first when it is one, then those it knows. */
    private static List<String> agentManagers(NodeState st) {
        List<String> out = new ArrayList<>();
        if (st.isManager()) out.add(st.advertiseAddr());
        if (st.managers() != null)
            st.managers().stream().filter(a -> !out.contains(a)).forEach(out::add);
        return out;
    }

    /** A manager to join through, {@code HOST[:PORT]} (2377 unless given), as written: it is dialled, not bound. */
    private static Address remoteAddr(String text) {
        try {
            return Address.parse(text, Address.CLUSTER_PORT);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid remote address " + text + ": " + e.getMessage());
        }
    }

    /** Swarm's VXLAN port: 4789 unless given, and then within Docker's range. */
    private static long dataPathPort(Long requested) {
        if (requested == null || requested == 0) return ClusterDefaults.DATA_PATH_PORT;
        if (requested < 1024 || requested > 49151) {
            throw ApiException.invalid("Datapath port number is not in valid range (1024-49151) : " + requested);
        }
        return requested;
    }

    /** Why a manager could not start, for the API caller; a listen failure in Docker's words. */
    private static ApiException startFailed(SwarmAddresses addrs, Exception e) {
        if (e instanceof ApiException api) return api;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return ApiException.invalid(PortCheck.failure(addrs.raftListen(), "Raft", t));
            }
        }
        LOG.warn("starting the manager failed", e);
        return new ApiException(500, "starting the manager failed: " + e.getMessage());
    }

    /** The objects a new swarm starts with: the cluster and this node, a ready leader. */
    private void bootstrap(
            Tx tx, NodeState st, SwarmInitRequest request, long dataPathPort, CertificateAuthority.Bootstrap ca) {
        tx.create(ca.applyTo(ClusterDefaults.cluster(
                st.clusterId(), initSpec(request), dataPathPort, request.defaultAddrPool(), request.subnetSize())));
        String availability =
                request.availability() == null || request.availability().isEmpty() ? "active" : request.availability();
        String host = Address.parse(st.advertiseAddr()).host();
        tx.create(new Node(
                st.nodeId(),
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), "manager", availability),
                new Node.Description(config.nodeName(), null, null, null, null),
                new Node.Status("unknown", null, host),
                new Node.ManagerStatus(true, "reachable", st.advertiseAddr())));
    }

    /** The requested spec, with {@code --autolock} (the request's AutoLockManagers) in its EncryptionConfig. */
    private static Cluster.Spec initSpec(SwarmInitRequest request) {
        Cluster.Spec r = request.spec();
        if (!Boolean.TRUE.equals(request.autoLockManagers())) return r;
        if (r == null) r = new Cluster.Spec(null, null, null, null, null, null, null, null);
        return new Cluster.Spec(
                r.name(),
                r.labels(),
                r.orchestration(),
                r.raft(),
                r.dispatcher(),
                r.caConfig(),
                new Cluster.EncryptionConfig(true),
                r.taskDefaults());
    }

    @Override
    public synchronized void leaveSwarm(boolean force) {
        if (locked != null) {
            if (!force) throw ApiException.unavailable(SwarmErrors.LEAVE_LOCKED);
            locked = null;
            deleteState();
            LOG.info("left the swarm while locked");
            return;
        }
        if (state == null) throw ApiException.unavailable(SwarmErrors.NOT_IN_SWARM);
        if (state.isManager() && !force) throw ApiException.unavailable(SwarmErrors.LEAVE_LAST_MANAGER);
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
        security = null;
        deleteState();
        LOG.info("left the swarm");
    }

    /** A manager leaving a group of several asks the leader to remove it first, so the others keep quorum. */
    private void leaveRaft(NodeState st) {
        try {
            if (manager.raft().members().size() <= 1) return;
            try (ManagerClient client = new ManagerClient(security.current(), st.managers())) {
                client.leaveRaft(st.nodeId());
            }
        } catch (Exception e) {
            LOG.warn("could not leave the Raft group cleanly: {}", e.getMessage());
        }
    }

    /** Forgets the swarm: membership file, Raft group and log, certificates. */
    private void deleteState() {
        Path dir = config.dataDir();
        for (Path p : List.of(
                NodeState.file(dir),
                dir.resolve("raft-group-id"),
                dir.resolve("raft"),
                ManagerKeys.file(dir),
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
        if (locked != null) return "locked";
        return state == null ? "inactive" : "active";
    }

    @Override
    public String nodeAddr() {
        NodeState s = state;
        return s == null ? "" : Address.parse(s.advertiseAddr()).host();
    }

    @Override
    public List<String> labels() {
        NodeState s = state;
        return s == null ? List.of() : s.addresses(config).infoLabels(s.isManager());
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
        stopRenewal();
    }

    @Override
    public ClusterLogs logs() {
        if (state == null) throw ApiException.unavailable(SwarmErrors.NOT_IN_SWARM);
        ManagerRole m = manager;
        if (m == null) throw ApiException.unavailable(SwarmErrors.NOT_A_MANAGER);
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
            if (st != null && known != null && !known.isEmpty())
                st.withManagers(known).save(config.dataDir());
            worker.close();
        }
        if (manager != null) manager.close();
        worker = null;
        manager = null;
        renewals.shutdownNow();
        timer.close();
    }
}
