package dev.skep.daemon;

import dev.skep.api.defaults.ClusterDefaults;
import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Node;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.SystemTimer;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.manager.ca.NodeCertificate;
import dev.skep.store.MemoryStore;
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
 * This node's swarm membership. Outside a swarm it holds nothing; after {@code swarm init} it is a
 * manager — a Raft-replicated store, the leader's control loops and an agent running this node's tasks
 * ({@link Membership}). The membership survives restarts through {@code <data-dir>/node.json}.
 */
public final class SwarmNode implements LocalNode, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmNode.class);
    static final String ALREADY_IN_SWARM = "This node is already part of a swarm. Use \"docker swarm leave\" "
            + "to leave this swarm and join another one.";
    static final String NOT_IN_SWARM = "This node is not part of a swarm";
    static final String LEAVE_MANAGER = "You are attempting to leave the swarm on a node that is participating "
            + "as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to "
            + "ignore this message. ";

    private final DaemonConfig config;
    private final SystemTimer timer = new SystemTimer();
    private volatile NodeState state;
    private volatile Membership membership;

    SwarmNode(DaemonConfig config) {
        this.config = config;
    }

    /** Picks up the membership this node had before a restart, if any: the Raft log restores the store. */
    synchronized void resume() throws IOException {
        NodeState saved = NodeState.load(config.dataDir());
        if (saved == null) return;
        LOG.info("resuming as node {} of cluster {}", saved.nodeId(), saved.clusterId());
        membership = Membership.start(config, saved, timer, false);
        state = saved;
    }

    @Override
    public synchronized String initSwarm(SwarmInitRequest request) {
        if (state != null) throw ApiException.unavailable(ALREADY_IN_SWARM);
        String advertise = advertiseAddr(request);
        NodeState fresh = new NodeState(Ids.newId(), Ids.newId(), "manager", advertise);
        try {
            Membership m = Membership.start(config, fresh, timer, true, tx -> bootstrap(tx, fresh, request));
            fresh.save(config.dataDir());
            membership = m;
            state = fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("swarm initialized: node {} is the manager of cluster {}", fresh.nodeId(), fresh.clusterId());
        return fresh.nodeId();
    }

    /** The objects a new swarm starts with: the cluster and this node, a ready leader. */
    private void bootstrap(dev.skep.store.Tx tx, NodeState st, SwarmInitRequest request) {
        Cluster.Spec spec = ClusterDefaults.spec(request.spec());
        CertificateAuthority.Bootstrap ca = CertificateAuthority.bootstrap(st.clusterId(), st.nodeId());
        ca.node().save(NodeCertificate.directory(config.dataDir()));
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
    private String advertiseAddr(SwarmInitRequest request) {
        int port = DaemonConfig.port(config.listenAddr(), DaemonConfig.DEFAULT_CLUSTER_PORT);
        String given = firstNonEmpty(request.advertiseAddr(), config.advertiseAddr());
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
        if ("manager".equals(state.role()) && !force) throw ApiException.unavailable(LEAVE_MANAGER);
        Membership m = membership;
        membership = null;
        state = null;
        m.leave();
        deleteState();
        LOG.info("left the swarm");
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
        Membership m = membership;
        return m == null ? null : m.store();
    }

    @Override
    public LogSource logSource() {
        Membership m = membership;
        if (m == null) throw ApiException.unavailable(NOT_IN_SWARM);
        return m.logSource();
    }

    @Override
    public String dockerHost() {
        return config.dockerHost();
    }

    /** Stops everything but leaves containers running: a restarted skepd adopts them. */
    @Override
    public synchronized void close() {
        Membership m = membership;
        membership = null;
        if (m != null) m.close();
        timer.close();
    }
}
