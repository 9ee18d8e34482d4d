package dev.skep.agent.network;

import com.github.dockerjava.api.DockerClient;
import dev.skep.agent.exec.docker.ContainerNetworks;
import dev.skep.agent.exec.docker.DockerErrors;
import dev.skep.agent.exec.docker.NetworkSetupFailed;
import dev.skep.api.dispatcher.NetworkView;
import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.dns.DnsServer;
import dev.skep.network.exec.HostCommandRunner;
import dev.skep.network.lb.LoadBalancer;
import dev.skep.network.lb.LoadBalancers;
import dev.skep.network.lb.UserspaceProxy;
import dev.skep.network.overlay.DockerAttachment;
import dev.skep.network.overlay.OverlayPlumber;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of the data plane: realises the latest {@link NetworkView} from the dispatcher on this node —
 * overlay devices ({@link OverlayPlumber}), the Docker network that stands for each overlay, VIP and routing-mesh
 * rules ({@link LoadBalancer}) and service names ({@link DnsServer}, listening on each network's gateway). Applies
 * run one at a time on one thread, always from the newest view, and a failed or unfinished apply (a Docker network
 * still in use) is tried again a second later. The docker executor waits here ({@link #awaitReady}) before it
 * creates a container on an overlay. On a {@link DataPlane#SHARED_HOST shared host} only the Docker networks and
 * the published ports are the agent's: there are no devices or DNS server, and no VIPs.
 */
public final class NetworkAgent implements ContainerNetworks, AutoCloseable {
    static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(NetworkAgent.class);

    private final DataPlane dataPlane;
    /** The kernel data plane's devices and DNS server (null on a shared host). */
    private final OverlayPlumber plumber;

    private final DnsServer dns;
    private final LoadBalancer lb;
    private final DockerNetworks docker;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skep-network");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    /** The newest view, not yet applied (null when there is nothing new). */
    private NetworkView pending;

    private NetworkView current;
    private boolean scheduled;
    private boolean closed;
    /** Networks up on this node (devices and Docker network): what containers may join. */
    private final Map<String, DockerAttachment> ready = new HashMap<>();
    /** Networks whose last set-up failed, with dockerd's reason: tasks needing them are rejected, not kept waiting. */
    private final Map<String, String> failed = new HashMap<>();
    /**
     * Every overlay seen (kernel data plane), so a network whose Docker network is still in use keeps its bridge
     * meanwhile.
     */
    private final Map<String, OverlayNetwork> known = new HashMap<>();

    private final Map<InetSocketAddress, String> dnsListeners = new HashMap<>();

    /**
     * The agent for this host: iproute2 and nftables run here, the balancer is chosen automatically unless the
     * system property {@code skep.lb} says {@code nftables} or {@code userspace}, DNS forwards other names to the
     * host's resolvers.
     */
    public static NetworkAgent onHost(DockerClient client) {
        HostCommandRunner host = HostCommandRunner.host();
        LoadBalancers.Mode mode =
                LoadBalancers.Mode.valueOf(System.getProperty("skep.lb", "auto").toUpperCase(java.util.Locale.ROOT));
        return new NetworkAgent(
                new OverlayPlumber(host),
                LoadBalancers.create(mode, host),
                DnsServer.withHostResolvers(),
                new EngineDockerNetworks(client));
    }

    /**
     * The agent for one of several nodes sharing this host's dockerd without root: Docker bridge networks, names
     * by dockerd's embedded DNS, published ports by the userspace proxy.
     */
    public static NetworkAgent sharedHost(DockerClient client) {
        return new NetworkAgent(
                DataPlane.SHARED_HOST, null, new UserspaceProxy(), null, new EngineDockerNetworks(client));
    }

    public NetworkAgent(OverlayPlumber plumber, LoadBalancer lb, DnsServer dns, DockerNetworks docker) {
        this(DataPlane.KERNEL, plumber, lb, dns, docker);
    }

    NetworkAgent(DataPlane dataPlane, OverlayPlumber plumber, LoadBalancer lb, DnsServer dns, DockerNetworks docker) {
        this.dataPlane = dataPlane;
        this.plumber = plumber;
        this.lb = lb;
        this.dns = dns;
        this.docker = docker;
    }

    /** A new view from the dispatcher (called on the assignment thread: only records it). */
    public void update(NetworkView view) {
        if (view == null) return;
        synchronized (lock) {
            if (closed) return;
            pending = view;
        }
        schedule(Duration.ZERO);
    }

    @Override
    public DockerAttachment awaitReady(String networkId, Duration timeout)
            throws InterruptedException, TimeoutException, NetworkSetupFailed {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!ready.containsKey(networkId)) {
                String failure = failed.get(networkId);
                if (failure != null) throw new NetworkSetupFailed(failure);
                long left = deadline - System.nanoTime();
                if (closed || left <= 0) {
                    throw new TimeoutException("network " + networkId + " is not up on this node");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return ready.get(networkId);
        }
    }

    /** IDs of the networks up on this node now. */
    public Set<String> readyNetworks() {
        synchronized (lock) {
            return Set.copyOf(ready.keySet());
        }
    }

    private void schedule(Duration delay) {
        synchronized (lock) {
            if (closed || scheduled) return;
            scheduled = true;
        }
        try {
            loop.schedule(this::applyLatest, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // closing
        }
    }

    private void applyLatest() {
        NetworkView view;
        synchronized (lock) {
            scheduled = false;
            if (closed) return;
            if (pending != null) {
                current = pending;
                pending = null;
            }
            view = current;
        }
        if (view == null) return;
        boolean done;
        try {
            done = apply(view);
        } catch (Exception e) { // Netty rethrows a failed bind's checked BindException undeclared
            LOG.warn("applying the node's networks failed; retrying in {}: {}", RETRY, e.toString());
            done = false;
        }
        synchronized (lock) {
            if (pending != null) {
                schedule(Duration.ZERO);
                return;
            }
        }
        // a node that never had a network does not keep retrying a cleanup that cannot work (no iproute2, no
        // dockerd): the next view tries again
        if (!done && !(view.isEmpty() && known.isEmpty())) schedule(RETRY);
    }

    /** One reconcile pass; false when something is left to do (a Docker network still in use, a failed step). */
    boolean apply(NetworkView view) {
        Map<String, OverlayNetwork> wanted = new LinkedHashMap<>();
        for (NetworkView.Overlay o : view.networks()) {
            OverlayNetwork n = ViewConversion.overlay(o);
            wanted.put(n.id(), n);
        }
        forgetReady(wanted.keySet());
        boolean kernel = dataPlane == DataPlane.KERNEL;
        // On a shared host another node's tasks may still use a network this node no longer needs: its Docker
        // networks stay until the nodes leave.
        boolean done = !kernel || removeDockerNetworks(wanted);
        NodeNetworks desired = kernel ? plumbDevices(view, wanted) : ViewConversion.toNodeNetworks(view, List.of());
        for (OverlayNetwork n : wanted.values()) {
            DockerAttachment a = kernel ? DockerAttachment.of(n) : DockerAttachment.sharedHost(n);
            try {
                docker.ensure(a);
            } catch (RuntimeException e) {
                String why = DockerErrors.message(e);
                LOG.warn("network {}: Docker network {} not created: {}", n.name(), a.dockerNetworkName(), why);
                markFailed(n.id(), why);
                done = false;
                continue;
            }
            markReady(n.id(), a);
        }
        try {
            lb.apply(kernel ? desired : ViewConversion.withoutVips(desired));
        } catch (RuntimeException e) {
            LOG.warn("load balancer ({}) not applied: {}", lb.kind(), e.toString());
            done = false;
        }
        if (!kernel) return done;
        dns.update(desired.services());
        return listenDns(wanted) && done;
    }

    /**
     * Brings the node's bridges and VXLAN devices to the view, keeping those of networks whose Docker network is
     * still in use; returns what the node realises.
     */
    private NodeNetworks plumbDevices(NetworkView view, Map<String, OverlayNetwork> wanted) {
        known.putAll(wanted);
        Map<String, OverlayNetwork> lingering = new HashMap<>();
        Set<String> dockerLeft = docker.existing();
        known.forEach((id, n) -> {
            if (!wanted.containsKey(id)
                    && dockerLeft.contains(DockerAttachment.of(n).dockerNetworkName())) {
                lingering.put(id, n);
            }
        });
        known.keySet().removeIf(id -> !wanted.containsKey(id) && !lingering.containsKey(id));
        NodeNetworks desired = ViewConversion.toNodeNetworks(view, lingering.values());
        plumber.apply(desired);
        return desired;
    }

    private boolean removeDockerNetworks(Map<String, OverlayNetwork> wanted) {
        Set<String> keep = new HashSet<>();
        wanted.values().forEach(n -> keep.add(DockerAttachment.of(n).dockerNetworkName()));
        boolean done = true;
        for (String name : docker.existing()) {
            if (!keep.contains(name) && !docker.remove(name)) done = false;
        }
        return done;
    }

    private boolean listenDns(Map<String, OverlayNetwork> wanted) {
        Map<InetSocketAddress, String> want = new HashMap<>();
        wanted.values().forEach(n -> want.put(new InetSocketAddress(n.gateway(), DnsServer.PORT), n.id()));
        dnsListeners.entrySet().removeIf(e -> {
            if (e.getValue().equals(want.get(e.getKey()))) return false;
            dns.unlisten(e.getKey());
            return true;
        });
        boolean done = true;
        for (var e : want.entrySet()) {
            if (dnsListeners.containsKey(e.getKey())) continue;
            try {
                dns.listen(e.getKey(), e.getValue());
                dnsListeners.put(e.getKey(), e.getValue());
            } catch (Exception ex) { // e.g. the address's port 53 is taken: Netty throws BindException undeclared
                LOG.warn("DNS cannot listen on {}: {}", e.getKey(), ex.toString());
                done = false;
            }
        }
        return done;
    }

    private void markReady(String networkId, DockerAttachment a) {
        synchronized (lock) {
            failed.remove(networkId);
            ready.put(networkId, a);
            lock.notifyAll();
        }
    }

    /** The network could not be set up: tasks waiting for it are rejected with the reason (the loop tries again). */
    private void markFailed(String networkId, String why) {
        synchronized (lock) {
            ready.remove(networkId);
            failed.put(networkId, why);
            lock.notifyAll();
        }
    }

    private void forgetReady(Set<String> wanted) {
        synchronized (lock) {
            ready.keySet().retainAll(wanted);
            failed.keySet().retainAll(wanted);
        }
    }

    /**
     * Leaving the swarm: removes every Docker network, device, rule and listener Skep made on this node (the task
     * containers must be gone first).
     */
    public void leave() {
        stopLoop();
        try {
            for (String name : docker.existing()) {
                // on a shared host, the other nodes' tasks may still use it; the last node to leave removes it
                if (!docker.remove(name) && dataPlane == DataPlane.KERNEL) {
                    LOG.warn("Docker network {} could not be removed", name);
                }
            }
            if (plumber != null) plumber.apply(NodeNetworks.empty(underlay()));
        } catch (RuntimeException e) {
            LOG.warn("removing the node's networks: {}", e.toString());
        }
        closeServices();
    }

    /** Stops; the kernel state stays for the next start, which re-applies it (containers keep running). */
    @Override
    public void close() {
        stopLoop();
        if (dns != null) dns.close();
    }

    private void closeServices() {
        try {
            lb.close();
        } finally {
            if (dns != null) dns.close();
        }
    }

    private String underlay() {
        NetworkView v = current;
        return v == null || v.underlayAddress() == null ? "127.0.0.1" : v.underlayAddress();
    }

    private void stopLoop() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        loop.shutdown();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
