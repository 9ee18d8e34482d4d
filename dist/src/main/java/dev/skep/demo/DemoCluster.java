package dev.skep.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's cluster. As root, {@code scripts/netns-cluster.sh}: every node its own network namespace, dockerd and
 * skepd on a test bridge, so the overlay network, DNS, VIPs and the routing mesh cross real interfaces. Otherwise
 * {@code scripts/host-cluster.sh}: the nodes are skepd processes on this host sharing the user's dockerd, with the
 * shared-host data plane (Docker bridge networks and Docker's DNS; no VIPs).
 */
final class DemoCluster {
    static final String NETNS_SCRIPT = "scripts/netns-cluster.sh";
    static final String HOST_SCRIPT = "scripts/host-cluster.sh";

    /** One node as the script's {@code status} reports it. */
    record Node(String name, String address, String skepHost, String dockerHost, boolean up) {}

    private final Scripts scripts;
    private final Path dir;
    private final String script;

    /** The cluster in dir: of the kind already there (so --down removes what up made), else by who runs it. */
    DemoCluster(Scripts scripts, Path dir, boolean root) {
        this.scripts = scripts;
        this.dir = dir;
        this.script = switch (existingKind(dir)) {
            case "netns" -> NETNS_SCRIPT;
            case "host" -> HOST_SCRIPT;
            default -> root ? NETNS_SCRIPT : HOST_SCRIPT;
        };
    }

    /** netns-cluster.sh writes BRIDGE= into DIR/config, host-cluster.sh PORT=; "" when there is none. */
    private static String existingKind(Path dir) {
        try {
            String config = Files.readString(dir.resolve("config"));
            return config.contains("BRIDGE=") ? "netns" : config.contains("PORT=") ? "host" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** True for namespaces per node, false for processes sharing this host. */
    boolean namespaces() {
        return script.equals(NETNS_SCRIPT);
    }

    Path dir() {
        return dir;
    }

    void up(int nodes) throws IOException, InterruptedException {
        scripts.run(script, "up", Integer.toString(nodes), dir.toString());
    }

    void down() throws IOException, InterruptedException {
        scripts.run(script, "down", dir.toString());
    }

    /** The nodes of the cluster in {@code dir}, or none when there is no cluster there. */
    List<Node> nodes() throws IOException, InterruptedException {
        List<Node> nodes = new ArrayList<>();
        for (String line :
                scripts.output(script, "status", dir.toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[2].startsWith("SKEP_HOST=")) continue;
            nodes.add(new Node(
                    f[0], f[1], value(f[2]), value(f[3]), f[4].equals("dockerd=up") && f[5].equals("skepd=up")));
        }
        return nodes;
    }

    boolean running() throws IOException, InterruptedException {
        List<Node> nodes = nodes();
        return !nodes.isEmpty() && nodes.stream().allMatch(Node::up);
    }

    private static String value(String keyValue) {
        return keyValue.substring(keyValue.indexOf('=') + 1);
    }
}
