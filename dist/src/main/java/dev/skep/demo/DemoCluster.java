package dev.skep.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's cluster: {@code scripts/netns-cluster.sh}, which gives every node its own network namespace, dockerd
 * and skepd on a test bridge, so the overlay network, DNS, VIPs and the routing mesh cross real interfaces.
 */
final class DemoCluster {
    /** One node as {@code netns-cluster.sh status} reports it. */
    record Node(String name, String address, String skepHost, String dockerHost, boolean up) {
    }

    private final Scripts scripts;
    private final Path dir;

    DemoCluster(Scripts scripts, Path dir) {
        this.scripts = scripts;
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    void up(int nodes) throws IOException, InterruptedException {
        scripts.run("scripts/netns-cluster.sh", "up", Integer.toString(nodes), dir.toString());
    }

    void down() throws IOException, InterruptedException {
        scripts.run("scripts/netns-cluster.sh", "down", dir.toString());
    }

    /** The nodes of the cluster in {@code dir}, or none when there is no cluster there. */
    List<Node> nodes() throws IOException, InterruptedException {
        List<Node> nodes = new ArrayList<>();
        for (String line : scripts.output("scripts/netns-cluster.sh", "status", dir.toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[2].startsWith("SKEP_HOST=")) continue;
            nodes.add(new Node(f[0], f[1], value(f[2]), value(f[3]),
                    f[4].equals("dockerd=up") && f[5].equals("skepd=up")));
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
