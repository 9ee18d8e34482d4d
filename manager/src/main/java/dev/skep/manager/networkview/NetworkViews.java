package dev.skep.manager.networkview;

import dev.skep.api.dispatcher.NetworkView;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.Node;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.net.NodeAddresses;
import dev.skep.manager.allocator.NodeLbAddresses;
import dev.skep.manager.allocator.ServiceNetworks;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes each node's {@link NetworkView} from the store: the networks the node takes part in (a live task of
 * its attached there, plus ingress on every node once any service publishes an ingress port), every endpoint of
 * those networks with its node's address, the services on them with their VIPs and RUNNING backends, and the
 * published ports. One {@link #of} pass reads the store once; {@link #forNode} then only filters, so pushing to
 * many nodes costs one scan. Everything is sorted, so equal store contents give equal views (changes are detected
 * with {@code equals}).
 */
public final class NetworkViews {
    /** The underlay address used for a node whose address the cluster does not know yet. */
    static final String UNKNOWN_ADDRESS = "127.0.0.1";

    static final String STACK_NAMESPACE = "com.docker.stack.namespace";
    /** The endpoint ID of a node's LB address ({@code lb-<node ID>}). */
    static final String LB_ENDPOINT_PREFIX = "lb-";

    private final Map<String, String> nodeAddresses = new HashMap<>();
    private final Map<String, Network> networks = new TreeMap<>();
    /** networkId → endpoints (tasks holding addresses, node LB addresses). */
    private final Map<String, List<Endpoint>> endpoints = new HashMap<>();
    /** nodeId → networks it has a live task on. */
    private final Map<String, Set<String>> nodeNetworks = new HashMap<>();

    private final List<NetworkView.ServiceEntry> services = new ArrayList<>();
    private final List<NetworkView.Published> published = new ArrayList<>();
    private String ingressId;
    /** The cluster's VXLAN port, null until the cluster object says. */
    private Integer dataPathPort;

    /** An endpoint and the node it lives on. */
    private record Endpoint(String id, String ip, String nodeId) {}

    private NetworkViews() {}

    /** Reads what every node's view is built from, in one pass over the store. */
    public static NetworkViews of(ReadTx tx) {
        NetworkViews v = new NetworkViews();
        for (Node n : tx.nodes().all()) v.nodeAddresses.put(n.id(), address(n));
        Cluster cluster = tx.cluster();
        if (cluster != null && cluster.dataPathPort() != null)
            v.dataPathPort = cluster.dataPathPort().intValue();
        for (Network n : tx.networks().all()) {
            if (!n.isAllocated()) continue;
            v.networks.put(n.id(), n);
            if (n.isIngress()) v.ingressId = n.id();
            NodeLbAddresses.of(n)
                    .forEach((node, ip) -> v.endpoints
                            .computeIfAbsent(n.id(), k -> new ArrayList<>())
                            .add(new Endpoint(LB_ENDPOINT_PREFIX + node, ip, node)));
        }
        Map<String, List<Task>> running = new HashMap<>();
        for (Task t : tx.tasks().all()) {
            if (!holdsEndpoint(t)) continue;
            for (NetworkAttachment a : t.networksAttachments()) {
                String ip = ip(a);
                if (ip == null || !v.networks.containsKey(a.network().id())) continue;
                v.endpoints
                        .computeIfAbsent(a.network().id(), k -> new ArrayList<>())
                        .add(new Endpoint(t.id(), ip, t.nodeID()));
                v.nodeNetworks
                        .computeIfAbsent(t.nodeID(), k -> new LinkedHashSet<>())
                        .add(a.network().id());
            }
            if (t.state() == TaskState.RUNNING && t.desiredState() == TaskState.RUNNING && t.serviceID() != null) {
                running.computeIfAbsent(t.serviceID(), k -> new ArrayList<>()).add(t);
            }
        }
        for (Service s : tx.services().all()) v.addService(s, running.getOrDefault(s.id(), List.of()));
        v.services.sort(Comparator.comparing(NetworkView.ServiceEntry::networkId)
                .thenComparing(NetworkView.ServiceEntry::name));
        v.published.sort(Comparator.comparing(NetworkView.Published::protocol)
                .thenComparingInt(NetworkView.Published::publishedPort));
        return v;
    }

    /** Shortcut for one node. */
    public static NetworkView forNode(ReadTx tx, String nodeId) {
        return of(tx).forNode(nodeId);
    }

    /** The view of one node. */
    public NetworkView forNode(String nodeId) {
        Set<String> mine = new LinkedHashSet<>(nodeNetworks.getOrDefault(nodeId, Set.of()));
        if (ingressId != null && published.stream().anyMatch(p -> ingressId.equals(p.networkId()))) {
            mine.add(ingressId);
        }
        List<NetworkView.Overlay> overlays = new ArrayList<>();
        for (String id : networks.keySet()) {
            if (mine.contains(id)) overlays.add(overlay(networks.get(id), nodeId));
        }
        List<NetworkView.ServiceEntry> visible =
                services.stream().filter(s -> mine.contains(s.networkId())).toList();
        List<NetworkView.Published> ports = published.stream()
                .filter(p -> !"host".equals(p.mode())
                        || p.backends().stream().anyMatch(b -> b.nodeAddress().equals(addressOf(nodeId))))
                .toList();
        return new NetworkView(addressOf(nodeId), overlays, visible, ports, dataPathPort);
    }

    private NetworkView.Overlay overlay(Network n, String nodeId) {
        var c = n.allocatedConfig();
        List<NetworkView.Endpoint> eps = endpoints.getOrDefault(n.id(), List.of()).stream()
                .map(e -> new NetworkView.Endpoint(e.id(), e.ip(), addressOf(e.nodeId())))
                .sorted(Comparator.comparing(NetworkView.Endpoint::ip))
                .toList();
        return new NetworkView.Overlay(
                n.id(),
                n.name(),
                n.vni(),
                c.subnet(),
                c.gateway(),
                NodeLbAddresses.of(n).get(nodeId),
                eps);
    }

    private void addService(Service s, List<Task> running) {
        ServiceSpec spec = s.spec();
        if (spec == null) return;
        List<NetworkView.TargetPort> ports = targetPorts(s);
        boolean dnsrr = ServiceNetworks.isDnsrr(spec);
        for (String networkId : serviceNetworks(s)) {
            String vip = dnsrr ? null : vip(s, networkId);
            if (!dnsrr && vip == null) continue; // not allocated yet
            List<String> backends = running.stream()
                    .map(t -> ipOn(t, networkId))
                    .filter(ip -> ip != null)
                    .sorted()
                    .toList();
            services.add(new NetworkView.ServiceEntry(
                    spec.name(), aliases(spec, networkId), vip, networkId, backends, ports));
        }
        addPublished(s, running);
    }

    /** The networks a service is reachable on: its VIPs' networks, or for dnsrr the networks it joins. */
    private Collection<String> serviceNetworks(Service s) {
        Set<String> out = new LinkedHashSet<>();
        Service.Endpoint e = s.endpoint();
        if (e != null && e.virtualIPs() != null) {
            for (Service.VirtualIP vip : e.virtualIPs()) {
                if (vip.networkID() != null && networks.containsKey(vip.networkID())) out.add(vip.networkID());
            }
        }
        for (NetworkAttachmentConfig c : ServiceNetworks.targets(s.spec())) {
            String id = resolve(c.target());
            if (id != null) out.add(id);
        }
        return out;
    }

    private void addPublished(Service s, List<Task> running) {
        Service.Endpoint e = s.endpoint();
        if (e == null || e.ports() == null) return;
        for (PortConfig p : e.ports()) {
            if (p.publishedPort() == null || p.publishedPort() <= 0 || p.targetPort() == null) continue;
            boolean ingress = ServiceNetworks.isIngressPort(p);
            String networkId = ingress ? ingressId : null;
            List<NetworkView.Backend> backends = new ArrayList<>();
            for (Task t : running) {
                String net = networkId != null ? networkId : firstNetwork(t);
                String ip = net == null ? null : ipOn(t, net);
                if (ip == null) continue;
                if (networkId == null) networkId = net;
                backends.add(new NetworkView.Backend(ip, addressOf(t.nodeID())));
            }
            if (networkId == null) continue;
            backends.sort(Comparator.comparing(NetworkView.Backend::ip));
            published.add(new NetworkView.Published(
                    ServiceNetworks.protocol(p),
                    p.publishedPort().intValue(),
                    p.targetPort().intValue(),
                    ingress ? "ingress" : "host",
                    networkId,
                    backends));
        }
    }

    private static List<NetworkView.TargetPort> targetPorts(Service s) {
        var ports = s.endpoint() != null && s.endpoint().ports() != null
                ? s.endpoint().ports()
                : s.spec().endpointSpec() == null || s.spec().endpointSpec().ports() == null
                        ? List.<PortConfig>of()
                        : s.spec().endpointSpec().ports();
        return ports.stream()
                .filter(p -> p.targetPort() != null)
                .map(p -> new NetworkView.TargetPort(
                        ServiceNetworks.protocol(p), p.targetPort().intValue()))
                .distinct()
                .toList();
    }

    /** Network aliases, and for a stack service its name without the stack prefix. */
    private List<String> aliases(ServiceSpec spec, String networkId) {
        Set<String> out = new LinkedHashSet<>();
        String stack = spec.labels() == null ? null : spec.labels().get(STACK_NAMESPACE);
        if (stack != null && spec.name() != null && spec.name().startsWith(stack + "_")) {
            out.add(spec.name().substring(stack.length() + 1));
        }
        for (NetworkAttachmentConfig c : ServiceNetworks.targets(spec)) {
            if (networkId.equals(resolve(c.target())) && c.aliases() != null) out.addAll(c.aliases());
        }
        out.remove(spec.name());
        return List.copyOf(out);
    }

    private String resolve(String target) {
        if (target == null) return null;
        if (networks.containsKey(target)) return target;
        return networks.values().stream()
                .filter(n -> target.equals(n.name()))
                .map(Network::id)
                .findFirst()
                .orElse(null);
    }

    private static String vip(Service s, String networkId) {
        if (s.endpoint() == null || s.endpoint().virtualIPs() == null) return null;
        return s.endpoint().virtualIPs().stream()
                .filter(v -> networkId.equals(v.networkID()) && v.addr() != null)
                .map(v -> stripPrefix(v.addr()))
                .findFirst()
                .orElse(null);
    }

    private static String firstNetwork(Task t) {
        return t.networksAttachments() == null
                        || t.networksAttachments().isEmpty()
                        || t.networksAttachments().get(0).network() == null
                ? null
                : t.networksAttachments().get(0).network().id();
    }

    private static String ipOn(Task t, String networkId) {
        if (t.networksAttachments() == null) return null;
        for (NetworkAttachment a : t.networksAttachments()) {
            if (a.network() != null && networkId.equals(a.network().id())) return ip(a);
        }
        return null;
    }

    /** A task has an endpoint from its assignment to a node until it stops (its address is then given back). */
    static boolean holdsEndpoint(Task t) {
        return t.nodeID() != null
                && t.networksAttachments() != null
                && !t.networksAttachments().isEmpty()
                && t.state().isAtLeast(TaskState.ASSIGNED)
                && !t.state().isAfter(TaskState.RUNNING);
    }

    private static String ip(NetworkAttachment a) {
        if (a.network() == null || a.addresses() == null || a.addresses().isEmpty()) return null;
        return stripPrefix(a.addresses().get(0));
    }

    static String stripPrefix(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }

    private String addressOf(String nodeId) {
        String a = nodeAddresses.get(nodeId);
        return a == null ? UNKNOWN_ADDRESS : a;
    }

    private static String address(Node n) {
        String addr = NodeAddresses.dataPath(n);
        return addr == null ? UNKNOWN_ADDRESS : addr;
    }
}
