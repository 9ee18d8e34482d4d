package dev.skep.network.lb;

import dev.skep.network.NodeNetworks;
import dev.skep.network.exec.Command;
import dev.skep.network.exec.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernel load balancing with nftables (no IPVS needed). Each apply replaces the {@code ip skep} table atomically
 * ({@link NftRuleset}) unless it is unchanged since the last apply. It also turns on what the rules depend on:
 * IPv4 forwarding, br_netfilter seeing bridged IPv4 (so replies crossing the overlay bridge meet conntrack and are
 * un-NATed), route_localnet (so loopback clients can be DNATed). Where dockerd's iptables FORWARD policy drops,
 * routing-mesh connections (ct mark {@value NftRuleset#INGRESS_MARK_HEX}) are accepted in {@code DOCKER-USER}.
 */
public final class NftLoadBalancer implements LoadBalancer {
    private static final Logger log = LoggerFactory.getLogger(NftLoadBalancer.class);
    private static final String[] DOCKER_USER_ACCEPT = {
        "DOCKER-USER", "-m", "connmark", "--mark", NftRuleset.INGRESS_MARK_HEX, "-j", "ACCEPT"
    };

    private final CommandRunner nft;
    private String applied;
    private boolean prepared;

    public NftLoadBalancer(CommandRunner nft) {
        this.nft = nft;
    }

    /** True when nft is installed and the kernel accepts a table of the kind this class writes (checked, not kept). */
    public static boolean available(CommandRunner nft) {
        try {
            String probe = "table ip skep_probe {\n  chain p {\n    type nat hook prerouting priority dstnat;\n"
                    + "    ip daddr 192.0.2.1 dnat to numgen inc mod 2 map { 0 : 192.0.2.2, 1 : 192.0.2.3 }\n"
                    // the routing mesh's map of address . port (local task, remote node's published port)
                    + "    tcp dport 80 dnat ip to numgen inc mod 2 map { 0 : 192.0.2.2 . 80, 1 : 192.0.2.3 . 8080 }\n"
                    + "  }\n}\n";
            return nft.run(Command.withInput(probe, "nft", "-c", "-f", "-")).ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void apply(NodeNetworks desired) {
        prepare();
        String script = NftRuleset.script(desired);
        if (script.equals(applied)) {
            return;
        }
        nft.check(Command.withInput(script, "nft", "-f", "-"));
        applied = script;
        log.debug("nftables table {} applied:\n{}", NftRuleset.TABLE, script);
    }

    private void prepare() {
        if (prepared) {
            return;
        }
        nft.check("sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv4.conf.all.route_localnet=1");
        if (!nft.run(Command.of("sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1"))
                .ok()) {
            log.warn("br_netfilter is not loaded: VIP replies from tasks on the same bridge will not be un-NATed");
        }
        if (nft.run(Command.of("iptables", "-S", "DOCKER-USER")).ok()
                && !nft.run(Command.of(concat("iptables", "-C", DOCKER_USER_ACCEPT)))
                        .ok()) {
            nft.check(concat("iptables", "-I", DOCKER_USER_ACCEPT));
        }
        prepared = true;
    }

    @Override
    public String kind() {
        return "nftables";
    }

    @Override
    public synchronized void close() {
        nft.run(Command.withInput("table ip skep {}\ndelete table ip skep\n", "nft", "-f", "-"));
        if (nft.run(Command.of(concat("iptables", "-C", DOCKER_USER_ACCEPT))).ok()) {
            nft.run(Command.of(concat("iptables", "-D", DOCKER_USER_ACCEPT)));
        }
        applied = null;
        prepared = false;
    }

    private static String[] concat(String a, String b, String[] rest) {
        String[] out = new String[rest.length + 2];
        out[0] = a;
        out[1] = b;
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }
}
