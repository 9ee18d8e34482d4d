package dev.skep.network.kernel;

import static dev.skep.network.kernel.Sh.check;
import static dev.skep.network.kernel.Sh.in;
import static dev.skep.network.kernel.Sh.quietly;

import dev.skep.network.MacAddresses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test "nodes" and "containers" as network namespaces: a root-namespace bridge with 10.231.77.1/24, nodes with a
 * veth on it, containers with a veth into a node. Everything is named with the test's prefix and removed by
 * {@link #close}, which also runs before setup in case an earlier run died.
 */
final class TestHosts implements AutoCloseable {
    static final String BRIDGE = "sktbr77";
    static final String BRIDGE_ADDRESS = "10.231.77.1";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final String prefix;

    TestHosts(String prefix, String... knownNamespaces) {
        this.prefix = prefix;
        namespaces.addAll(List.of(knownNamespaces));
        close();
        namespaces.clear();
        check("ip", "link", "add", BRIDGE, "type", "bridge");
        check("ip", "addr", "add", BRIDGE_ADDRESS + "/24", "dev", BRIDGE);
        check("ip", "link", "set", BRIDGE, "up");
        // dockerd's FORWARD policy drops bridged traffic once br_netfilter is on
        check("iptables", "-I", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT");
    }

    void node(String ns, String address) {
        namespaces.add(ns);
        check("ip", "netns", "add", ns);
        String veth = prefix + ns.substring(ns.length() - 1);
        check("ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "p");
        check("ip", "link", "set", veth, "master", BRIDGE, "up");
        check("ip", "link", "set", veth + "p", "netns", ns);
        in(ns, "ip", "link", "set", veth + "p", "name", "eth0");
        in(ns, "ip", "addr", "add", address + "/24", "dev", "eth0");
        in(ns, "ip", "link", "set", "eth0", "up");
        in(ns, "ip", "link", "set", "lo", "up");
        in(ns, "ip", "route", "add", "default", "via", BRIDGE_ADDRESS);
    }

    /** A container namespace whose eth0 is a veth whose other end, {@code hostSide}, is left in the node. */
    void container(String ns, String node, String hostSide, String ip, String gateway) {
        namespaces.add(ns);
        check("ip", "netns", "add", ns);
        check(
                "ip",
                "link",
                "add",
                hostSide,
                "mtu",
                "1450",
                "type",
                "veth",
                "peer",
                "name",
                hostSide + "c",
                "mtu",
                "1450");
        check("ip", "link", "set", hostSide, "netns", node);
        check("ip", "link", "set", hostSide + "c", "netns", ns);
        in(ns, "ip", "link", "set", hostSide + "c", "name", "eth0");
        in(ns, "ip", "link", "set", "eth0", "address", MacAddresses.fromIp(ip));
        in(ns, "ip", "addr", "add", ip + "/24", "dev", "eth0");
        in(ns, "ip", "link", "set", "eth0", "up");
        in(ns, "ip", "link", "set", "lo", "up");
        in(ns, "ip", "route", "add", "default", "via", gateway);
    }

    /** A TCP server in a namespace that answers every connection with {@code reply}. */
    void server(String ns, int port, String reply) throws IOException {
        processes.add(new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        ns,
                        "busybox",
                        "nc",
                        "-ll",
                        "-p",
                        String.valueOf(port),
                        "-e",
                        "busybox",
                        "echo",
                        reply)
                .redirectErrorStream(true)
                .start());
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        processes.clear();
        namespaces.forEach(ns -> quietly("ip", "netns", "del", ns));
        quietly("iptables", "-D", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT");
        quietly("ip", "link", "del", BRIDGE);
    }
}
