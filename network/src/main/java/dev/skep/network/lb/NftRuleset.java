package dev.skep.network.lb;

import dev.skep.network.NodeNetworks;
import dev.skep.network.PublishedPort;
import dev.skep.network.PublishedPort.Backend;
import dev.skep.network.PublishedPort.PublishMode;
import dev.skep.network.ServiceEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders the {@code ip skep} nftables table for a desired state. The whole table is replaced in one nft
 * transaction, so applying is atomic and idempotent and stale rules cannot survive.
 * <ul>
 * <li>VIP: {@code ip daddr VIP dnat to numgen inc mod N map {...}} — every port, round robin per connection. No
 * SNAT: the client's address reaches the task; replies from local tasks and from remote ones (over VXLAN) cross
 * this node's bridge, where br_netfilter's conntrack turns the source back into the VIP. A VIP without backends is
 * rejected (the VIP is a local address of the bridge, so it would otherwise reach host sockets).</li>
 * <li>Ingress published port: on any local address, marked {@value #INGRESS_MARK_HEX}, DNAT round robin over all
 * backends, one map entry per task. Local backends are DNATed to the task's address and see the client's address
 * (their replies go to their gateway, this node). A task on another node is reached through its node's own
 * published port over the underlay, SNATed to this node's underlay address so the reply comes back here: one
 * NAT hop on each node and no VXLAN encapsulation, bridge or bridge netfilter on the way (the mesh to a remote
 * task ran at 82 % of direct over the ingress overlay). The receiving node sends connections that come from
 * another node ({@code ip saddr @nodes}) to its local tasks only, so a request is never forwarded twice. A remote
 * task therefore sees the forwarding node's underlay address (Swarm shows its ingress address); the client's
 * address is only preserved when the receiving node runs the task.</li>
 * <li>Host-mode published port: only on nodes with a local backend, only to local backends, never SNAT.</li>
 * <li>Local clients (output hook) reach published ports too, e.g. dockerd pulling from {@code 127.0.0.1:5000};
 * loopback sources are masqueraded.</li>
 * </ul>
 */
public final class NftRuleset {
    public static final String TABLE = "skep";
    public static final int INGRESS_MARK = 0x5e1b;
    static final String INGRESS_MARK_HEX = "0x5e1b";
    /** The named set of the other nodes' underlay addresses. */
    static final String NODES_SET = "nodes";

    private NftRuleset() {}

    /** The nft script that replaces the table with the desired one (or just deletes it when nothing is wanted). */
    public static String script(NodeNetworks desired) {
        String body = table(desired);
        StringBuilder s = new StringBuilder("table ip " + TABLE + " {}\ndelete table ip " + TABLE + "\n");
        if (body != null) {
            s.append(body);
        }
        return s.toString();
    }

    /** The table alone, or null when nothing needs to be balanced. */
    static String table(NodeNetworks desired) {
        List<String> prerouting = new ArrayList<>();
        List<String> output = new ArrayList<>();
        List<String> postrouting = new ArrayList<>();
        List<String> emptyVips = new ArrayList<>();
        for (ServiceEndpoint s : desired.services()) {
            if (s.vip() == null) {
                continue;
            }
            if (s.backends().isEmpty()) {
                emptyVips.add(s.vip());
            } else {
                prerouting.add("ip daddr " + s.vip() + " dnat to " + spread(s.backends()));
            }
        }
        Set<String> otherNodes = otherNodes(desired);
        boolean nodesUsed = false;
        for (PublishedPort p : desired.publishedPorts()) {
            nodesUsed |= publish(p, desired.underlayAddress(), otherNodes, prerouting, output, postrouting);
        }
        if (prerouting.isEmpty() && emptyVips.isEmpty()) {
            return null;
        }
        postrouting.add("ct mark " + INGRESS_MARK_HEX + " ip saddr 127.0.0.0/8 masquerade");
        StringBuilder t = new StringBuilder("table ip " + TABLE + " {\n");
        if (nodesUsed) {
            t.append("  set ")
                    .append(NODES_SET)
                    .append(" {\n    type ipv4_addr;\n    elements = ")
                    .append(set(List.copyOf(otherNodes)))
                    .append("\n  }\n");
        }
        chain(t, "prerouting", "type nat hook prerouting priority dstnat; policy accept;", prerouting);
        chain(t, "output", "type nat hook output priority -100; policy accept;", output);
        chain(t, "postrouting", "type nat hook postrouting priority srcnat; policy accept;", postrouting);
        chain(
                t,
                "input",
                "type filter hook input priority filter; policy accept;",
                emptyVips.isEmpty() ? List.of() : List.of("ip daddr " + set(emptyVips) + " reject"));
        return t.append("}\n").toString();
    }

    /** Adds a published port's rules; true when they use the {@value #NODES_SET} set. */
    private static boolean publish(
            PublishedPort p,
            String self,
            Set<String> otherNodes,
            List<String> prerouting,
            List<String> output,
            List<String> postrouting) {
        boolean forwardedRule = false;
        List<Backend> backends = p.mode() == PublishMode.HOST
                ? p.backends().stream().filter(b -> b.isOn(self)).toList()
                : p.backends();
        if (backends.isEmpty()) {
            return false;
        }
        String match = "fib daddr type local " + p.protocol().nft() + " dport " + p.publishedPort() + " ct mark set "
                + INGRESS_MARK_HEX + " ";
        List<String> local =
                backends.stream().filter(b -> b.isOn(self)).map(Backend::ip).toList();
        List<String> remoteNodes = backends.stream()
                .filter(b -> !b.isOn(self))
                .map(Backend::nodeAddress)
                .distinct()
                .toList();
        if (!local.isEmpty() && !remoteNodes.isEmpty() && !otherNodes.isEmpty()) {
            // forwarded by another node's mesh: serve it here, never forward it again
            prerouting.add(
                    "ip saddr @" + NODES_SET + " " + match + "dnat to " + spread(local) + " : " + p.targetPort());
            forwardedRule = true;
        }
        String rule = match + dnat(backends, self, p);
        prerouting.add(rule);
        output.add(rule);
        if (!remoteNodes.isEmpty()) {
            postrouting.add("ct mark " + INGRESS_MARK_HEX + " ip daddr " + set(remoteNodes) + " "
                    + p.protocol().nft() + " dport " + p.publishedPort() + " snat to " + self);
        }
        return forwardedRule;
    }

    /**
     * The DNAT of a published port: local tasks at their own address and target port, remote ones at their node's
     * underlay address and the published port (one map entry per task, so a node with two tasks gets two shares).
     */
    private static String dnat(List<Backend> backends, String self, PublishedPort p) {
        if (backends.stream().allMatch(b -> b.isOn(self))) {
            return "dnat to " + spread(backends.stream().map(Backend::ip).toList()) + " : " + p.targetPort();
        }
        List<String> targets = backends.stream()
                .map(b -> b.isOn(self) ? b.ip() + " . " + p.targetPort() : b.nodeAddress() + " . " + p.publishedPort())
                .toList();
        if (targets.size() == 1) {
            return "dnat to " + targets.getFirst().replace(" . ", " : ");
        }
        return "dnat ip to " + spread(targets);
    }

    /** Every other node this one knows (from the endpoints and backends it is given): who may forward to it. */
    private static Set<String> otherNodes(NodeNetworks desired) {
        Set<String> nodes = new TreeSet<>();
        desired.networks().forEach(n -> n.endpoints().forEach(e -> nodes.add(e.nodeAddress())));
        desired.publishedPorts().forEach(p -> p.backends().forEach(b -> nodes.add(b.nodeAddress())));
        nodes.remove(desired.underlayAddress());
        return nodes;
    }

    private static String spread(List<String> ips) {
        if (ips.size() == 1) {
            return ips.getFirst();
        }
        StringBuilder m = new StringBuilder("numgen inc mod " + ips.size() + " map { ");
        for (int i = 0; i < ips.size(); i++) {
            m.append(i == 0 ? "" : ", ").append(i).append(" : ").append(ips.get(i));
        }
        return m.append(" }").toString();
    }

    private static String set(List<String> ips) {
        return "{ " + ips.stream().distinct().collect(Collectors.joining(", ")) + " }";
    }

    private static void chain(StringBuilder t, String name, String header, List<String> rules) {
        t.append("  chain ").append(name).append(" {\n    ").append(header).append('\n');
        rules.forEach(r -> t.append("    ").append(r).append('\n'));
        t.append("  }\n");
    }
}
