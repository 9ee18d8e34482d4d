package dev.skep.manager.allocator;

import dev.skep.api.defaults.ClusterDefaults;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.IpamConfig;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything already handed out — subnets, VXLAN IDs, addresses, ingress ports — rebuilt from the store
 * objects that hold them. Nothing about allocation lives only in memory, so a new leader (or a restarted
 * loop) starts from exactly what is committed and never hands out an address twice.
 */
public final class Allocations {
    public static final int FIRST_VNI = 4097;
    /** The largest 24-bit VXLAN ID. */
    public static final int LAST_VNI = (1 << 24) - 1;

    public static final int FIRST_INGRESS_PORT = 30000;
    public static final int LAST_INGRESS_PORT = 32767;

    private final List<Subnet> pools = new ArrayList<>();
    private final int subnetSize;
    /** Subnets in use, by network ID. */
    private final Map<String, Subnet> subnets = new HashMap<>();
    /** Subnets asked for by networks not allocated yet: carving keeps away from them. */
    private final Map<String, Subnet> requested = new HashMap<>();

    private final Map<String, AddressSpace> spaces = new HashMap<>();
    private final BitSet vnis = new BitSet();
    /** "tcp/30000" → the service publishing it in ingress mode. */
    private final Map<String, String> ingressPorts = new HashMap<>();

    Allocations(List<String> pool, int subnetSize) {
        for (String p : pool) pools.add(Subnet.parse(p));
        this.subnetSize = subnetSize;
    }

    /** What the store's networks, services and live tasks hold. */
    public static Allocations of(ReadTx tx) {
        Cluster c = tx.cluster();
        List<String> pool =
                c == null || c.defaultAddrPool() == null || c.defaultAddrPool().isEmpty()
                        ? ClusterDefaults.DEFAULT_ADDR_POOL
                        : c.defaultAddrPool();
        int size = c == null || c.subnetSize() == null || c.subnetSize() == 0
                ? ClusterDefaults.SUBNET_SIZE
                : c.subnetSize().intValue();
        Allocations a = new Allocations(pool, size);
        for (Network n : tx.networks().all()) a.addNetwork(n);
        for (Service s : tx.services().all()) a.addService(s);
        for (Task t : tx.tasks().all()) if (holdsAddresses(t)) a.addTask(t);
        return a;
    }

    /** A task that has stopped (or will never start) gives its addresses back, as SwarmKit does. */
    static boolean holdsAddresses(Task t) {
        return !t.state().isAfter(TaskState.RUNNING);
    }

    void addNetwork(Network n) {
        Integer vni = n.vni();
        if (vni != null && vni >= 0) vnis.set(vni);
        if (n.isAllocated()) {
            IpamConfig c = n.allocatedConfig();
            Subnet subnet = Subnet.parse(c.subnet());
            AddressSpace space =
                    new AddressSpace(subnet, c.range() == null || c.range().isEmpty() ? null : Subnet.parse(c.range()));
            if (c.gateway() != null && !c.gateway().isEmpty()) space.reserve(c.gateway());
            NodeLbAddresses.of(n).values().forEach(space::reserve);
            subnets.put(n.id(), subnet);
            spaces.put(n.id(), space);
            return;
        }
        Subnet asked = requestedSubnet(n);
        if (asked != null) requested.put(n.id(), asked);
    }

    /** The subnet the user asked for, or null for one from the default pool. */
    static Subnet requestedSubnet(Network n) {
        var ipam = n.spec() == null ? null : n.spec().ipamOptions();
        if (ipam == null || ipam.configs() == null || ipam.configs().isEmpty()) return null;
        String s = ipam.configs().get(0).subnet();
        return s == null || s.isEmpty() ? null : Subnet.parse(s);
    }

    void addService(Service s) {
        Service.Endpoint e = s.endpoint();
        if (e == null) return;
        if (e.virtualIPs() != null) {
            for (Service.VirtualIP vip : e.virtualIPs()) {
                AddressSpace space = spaces.get(vip.networkID());
                if (space != null && vip.addr() != null) space.reserve(vip.addr());
            }
        }
        if (e.ports() != null) {
            for (PortConfig p : e.ports()) {
                if (ServiceNetworks.isIngressPort(p) && p.publishedPort() != null && p.publishedPort() > 0) {
                    ingressPorts.putIfAbsent(portKey(ServiceNetworks.protocol(p), p.publishedPort()), s.id());
                }
            }
        }
    }

    void addTask(Task t) {
        if (t.networksAttachments() == null) return;
        for (NetworkAttachment a : t.networksAttachments()) {
            AddressSpace space =
                    a.network() == null ? null : spaces.get(a.network().id());
            if (space == null || a.addresses() == null) continue;
            for (String addr : a.addresses()) space.reserve(addr);
        }
    }

    /** The addresses of an allocated network, or null before its allocation. */
    AddressSpace space(String networkId) {
        return spaces.get(networkId);
    }

    /** The first {@code /SubnetSize} subnet of the default pools that no network uses or asked for. */
    Subnet carve() {
        for (Subnet pool : pools) {
            int size = Math.max(subnetSize, pool.prefix());
            long step = 1L << (32 - size);
            for (long base = pool.base(); base + step - 1 <= pool.last(); base += step) {
                Subnet candidate = new Subnet(base, size);
                Subnet clash = overlapping(candidate, null);
                if (clash == null) clash = overlaps(requested, candidate, null);
                // skip past whatever is in the way in one step rather than subnet by subnet
                if (clash == null) return candidate;
                if (clash.last() > base + step - 1) base = clash.last() + 1 - step;
            }
        }
        return null;
    }

    /**
     * An allocated subnet of another network that overlaps {@code s}, or null. Explicit subnets that are
     * only asked for do not count: of two overlapping requests, the first allocated wins.
     */
    Subnet overlapping(Subnet s, String exceptNetworkId) {
        return overlaps(subnets, s, exceptNetworkId);
    }

    private static Subnet overlaps(Map<String, Subnet> in, Subnet s, String exceptNetworkId) {
        for (var e : in.entrySet()) {
            if (e.getKey().equals(exceptNetworkId)) continue;
            if (e.getValue().overlaps(s)) return e.getValue();
        }
        return null;
    }

    /** Records a network's allocation so later allocations in the same pass see it. */
    void allocated(Network n) {
        subnets.remove(n.id());
        requested.remove(n.id());
        spaces.remove(n.id());
        addNetwork(n);
    }

    int nextVni() {
        int v = vnis.nextClearBit(FIRST_VNI);
        if (v > LAST_VNI) throw new IllegalStateException("no VXLAN IDs left");
        vnis.set(v);
        return v;
    }

    /** The service holding an ingress port, or null. */
    String ingressPortOwner(String protocol, long port) {
        return ingressPorts.get(portKey(protocol, port));
    }

    void takeIngressPort(String protocol, long port, String serviceId) {
        ingressPorts.put(portKey(protocol, port), serviceId);
    }

    /** The lowest free port of the dynamic ingress range, now taken, or -1. */
    long nextIngressPort(String protocol, String serviceId) {
        for (long p = FIRST_INGRESS_PORT; p <= LAST_INGRESS_PORT; p++) {
            if (!ingressPorts.containsKey(portKey(protocol, p))) {
                takeIngressPort(protocol, p, serviceId);
                return p;
            }
        }
        return -1;
    }

    void releaseServicePorts(String serviceId) {
        ingressPorts.values().removeIf(serviceId::equals);
    }

    private static String portKey(String protocol, long port) {
        return protocol + "/" + port;
    }
}
