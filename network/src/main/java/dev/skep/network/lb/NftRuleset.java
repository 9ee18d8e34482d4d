package dev.skep.network.lb;

import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.PublishedPort;
import dev.skep.network.PublishedPort.Backend;
import dev.skep.network.PublishedPort.PublishMode;
import dev.skep.network.ServiceEndpoint;

import java.util.ArrayList;
import java.util.List;
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
 * backends. Local backends see the client's address (their replies go to their gateway, this node). Traffic to
 * a task on another node is SNATed to this node's LB address on the network, else the task's reply would leave
 * through its own node; so remote tasks see this node's LB address (as in Swarm), and the client address is
 * only preserved when the receiving node runs the task.</li>
 * <li>Host-mode published port: only on nodes with a local backend, only to local backends, never SNAT.</li>
 * <li>Local clients (output hook) reach published ports too, e.g. dockerd pulling from {@code 127.0.0.1:5000};
 * loopback sources are masqueraded.</li>
 * </ul>
 */
public final class NftRuleset {
    public static final String TABLE = "skep";
    public static final int INGRESS_MARK = 0x5e1b;
    static final String INGRESS_MARK_HEX = "0x5e1b";

    private NftRuleset() {
    }

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
        for (PublishedPort p : desired.publishedPorts()) {
            List<Backend> backends = p.mode() == PublishMode.HOST
                    ? p.backends().stream().filter(b -> b.isOn(desired.underlayAddress())).toList()
                    : p.backends();
            if (backends.isEmpty()) {
                continue;
            }
            String rule = "fib daddr type local " + p.protocol().nft() + " dport " + p.publishedPort()
                    + " ct mark set " + INGRESS_MARK_HEX + " dnat to "
                    + spread(backends.stream().map(Backend::ip).toList()) + " : " + p.targetPort();
            prerouting.add(rule);
            output.add(rule);
            List<String> remote = backends.stream().filter(b -> !b.isOn(desired.underlayAddress()))
                    .map(Backend::ip).toList();
            if (!remote.isEmpty()) {
                postrouting.add("ct mark " + INGRESS_MARK_HEX + " ip daddr " + set(remote) + " "
                        + snat(desired.network(p.networkId())));
            }
        }
        if (prerouting.isEmpty() && emptyVips.isEmpty()) {
            return null;
        }
        postrouting.add("ct mark " + INGRESS_MARK_HEX + " ip saddr 127.0.0.0/8 masquerade");
        StringBuilder t = new StringBuilder("table ip " + TABLE + " {\n");
        chain(t, "prerouting", "type nat hook prerouting priority dstnat; policy accept;", prerouting);
        chain(t, "output", "type nat hook output priority -100; policy accept;", output);
        chain(t, "postrouting", "type nat hook postrouting priority srcnat; policy accept;", postrouting);
        chain(t, "input", "type filter hook input priority filter; policy accept;",
                emptyVips.isEmpty() ? List.of() : List.of("ip daddr " + set(emptyVips) + " reject"));
        return t.append("}\n").toString();
    }

    private static String snat(OverlayNetwork network) {
        return network != null && network.lbAddress() != null ? "snat to " + network.lbAddress() : "masquerade";
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
