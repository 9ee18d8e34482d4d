package dev.skep.network.overlay;

import dev.skep.network.Endpoint;
import dev.skep.network.MacAddresses;
import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.ServiceEndpoint;
import dev.skep.network.exec.CommandRunner;
import dev.skep.network.overlay.ObservedLinks.Fdb;
import dev.skep.network.overlay.ObservedLinks.Link;
import dev.skep.network.overlay.ObservedLinks.Neighbour;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's overlay devices match {@link NodeNetworks}: per network a bridge {@code skb-<id>} holding the
 * gateway (and this node's LB address and the network's VIPs as /32, so the node answers ARP for them and the
 * load balancer can DNAT), and a VXLAN port {@code vx-<id>} ({@code nolearning proxy}). Every remote endpoint gets
 * a static FDB entry (MAC → its node) and a permanent neighbour entry (IP → MAC) on the VXLAN device, so ARP is
 * answered locally and unicast goes straight to the right node: libnetwork's design with the store instead of
 * gossip. There are no flooding entries, so broadcasts stay on the node (the gateway and VIPs exist on every node).
 * <p>
 * Reconcile reads the kernel's state and only issues the differences; it is idempotent and removes Skep devices,
 * addresses and entries that are no longer desired.
 */
public final class OverlayPlumber {
    /** 1500 minus the VXLAN overhead, so full-size frames from containers still fit the underlay. */
    public static final int OVERLAY_MTU = 1450;

    private static final Logger log = LoggerFactory.getLogger(OverlayPlumber.class);

    private final CommandRunner ip;

    public OverlayPlumber(CommandRunner ip) {
        this.ip = ip;
    }

    /** Reconciles every Skep bridge and VXLAN device with the desired state. */
    public synchronized void apply(NodeNetworks desired) {
        Map<String, Link> links = ObservedLinks.links(ip);
        Set<String> wanted = new LinkedHashSet<>();
        for (OverlayNetwork network : desired.networks()) {
            wanted.add(network.bridgeName());
            wanted.add(network.vxlanName());
            reconcileNetwork(desired, network, links);
        }
        // VXLAN devices first: deleting a bridge leaves its ports behind
        links.values().stream()
                .filter(l -> !wanted.contains(l.name()))
                .sorted((a, b) ->
                        Boolean.compare(a.kind().equals("bridge"), b.kind().equals("bridge")))
                .forEach(l -> {
                    log.info("removing {} {}", l.kind(), l.name());
                    ip.check("ip", "link", "del", l.name());
                });
    }

    private void reconcileNetwork(NodeNetworks desired, OverlayNetwork network, Map<String, Link> links) {
        String bridge = network.bridgeName();
        String vxlan = network.vxlanName();
        Link br = links.get(bridge);
        if (br != null && !br.kind().equals("bridge")) {
            ip.check("ip", "link", "del", bridge);
            br = null;
        }
        if (br == null) {
            ip.check("ip", "link", "add", bridge, "type", "bridge");
        }
        String bridgeMac = network.lbAddress() == null ? null : MacAddresses.fromIp(network.lbAddress());
        if (bridgeMac != null && (br == null || !bridgeMac.equals(br.mac()))) {
            ip.check("ip", "link", "set", bridge, "address", bridgeMac);
        }
        reconcileAddresses(bridge, bridgeAddresses(desired, network));
        Link vx = links.get(vxlan);
        if (vx != null && !matches(vx, network, desired)) {
            ip.check("ip", "link", "del", vxlan);
            vx = null;
        }
        if (vx == null) {
            ip.check(
                    "ip",
                    "link",
                    "add",
                    vxlan,
                    "mtu",
                    String.valueOf(OVERLAY_MTU),
                    "type",
                    "vxlan",
                    "id",
                    String.valueOf(network.vni()),
                    "dstport",
                    String.valueOf(desired.dataPathPort()),
                    "nolearning",
                    "proxy",
                    "local",
                    desired.underlayAddress());
        }
        if (vx == null || !bridge.equals(vx.master())) {
            ip.check("ip", "link", "set", vxlan, "master", bridge);
        }
        if (vx == null || !vx.up()) {
            ip.check("ip", "link", "set", vxlan, "up");
        }
        if (br == null || !br.up()) {
            ip.check("ip", "link", "set", bridge, "up");
        }
        reconcileEntries(desired, network);
    }

    private static boolean matches(Link vx, OverlayNetwork network, NodeNetworks desired) {
        return vx.kind().equals("vxlan")
                && vx.vni() != null
                && vx.vni() == network.vni()
                && desired.underlayAddress().equals(vx.local())
                && (vx.port() == null || vx.port() == desired.dataPathPort());
    }

    private static Set<String> bridgeAddresses(NodeNetworks desired, OverlayNetwork network) {
        Set<String> addresses = new LinkedHashSet<>();
        addresses.add(network.gateway() + "/" + network.prefixLength());
        if (network.lbAddress() != null) {
            addresses.add(network.lbAddress() + "/" + network.prefixLength());
        }
        for (ServiceEndpoint service : desired.services()) {
            if (service.networkId().equals(network.id()) && service.vip() != null) {
                addresses.add(service.vip() + "/32");
            }
        }
        return addresses;
    }

    private void reconcileAddresses(String bridge, Set<String> wanted) {
        Set<String> present = ObservedLinks.addresses(ip, bridge);
        for (String address : present) {
            if (!wanted.contains(address)) {
                ip.check("ip", "addr", "del", address, "dev", bridge);
            }
        }
        for (String address : wanted) {
            if (!present.contains(address)) {
                ip.check("ip", "addr", "add", address, "dev", bridge);
            }
        }
    }

    private void reconcileEntries(NodeNetworks desired, OverlayNetwork network) {
        String vxlan = network.vxlanName();
        Set<Fdb> wantedFdb = new LinkedHashSet<>();
        Set<Neighbour> wantedNeigh = new LinkedHashSet<>();
        for (Endpoint e : network.endpoints()) {
            if (!e.isOn(desired.underlayAddress())) {
                wantedFdb.add(new Fdb(e.mac(), e.nodeAddress()));
                wantedNeigh.add(new Neighbour(e.ip(), e.mac()));
            }
        }
        Set<Fdb> fdb = ObservedLinks.fdb(ip, vxlan);
        fdb.stream()
                .filter(f -> !wantedFdb.contains(f))
                .forEach(f -> ip.check("bridge", "fdb", "del", f.mac(), "dev", vxlan, "dst", f.dst()));
        wantedFdb.stream()
                .filter(f -> !fdb.contains(f))
                .forEach(f -> ip.check("bridge", "fdb", "append", f.mac(), "dev", vxlan, "dst", f.dst()));
        Set<Neighbour> neighbours = ObservedLinks.neighbours(ip, vxlan);
        neighbours.stream()
                .filter(n -> !wantedNeigh.contains(n))
                .forEach(n -> ip.check("ip", "neigh", "del", n.ip(), "dev", vxlan));
        wantedNeigh.stream()
                .filter(n -> !neighbours.contains(n))
                .forEach(n -> ip.check(
                        "ip", "neigh", "replace", n.ip(), "lladdr", n.mac(), "dev", vxlan, "nud", "permanent"));
    }
}
