package dev.skep.demo;

import dev.skep.cli.SkepCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skep demo}: the DockerCoins lesson, offline. Builds the coins images, starts a local cluster of real nodes
 * (a network namespace, dockerd and skepd each), deploys {@code demo/coins/dockercoins.yml} as the stack
 * {@code coins}, waits until the workers mine, and says how to watch and scale.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the DockerCoins lesson: build its images, start a local Skep cluster, deploy the coins stack "
                    + "and show what to try.",
            "As root, every node is a network namespace with its own dockerd and skepd (overlay, DNS, VIPs and "
                    + "routing mesh over real interfaces). Otherwise the nodes are skepd processes on this host sharing "
                    + "your dockerd (you need the docker group): the shared-host data plane, where names resolve to "
                    + "task addresses through Docker's DNS (no VIPs) and published ports are a proxy on every node.",
            "Remove everything it made with --down."
        })
public final class DemoCommand implements Callable<Integer> {
    static final String STACK = "coins";
    static final String STACK_FILE = "demo/coins/dockercoins.yml";
    static final int WEB_UI_PORT = 8000;
    private static final Duration FIRST_HASHES = Duration.ofMinutes(4);

    @Option(
            names = "--dir",
            description = "Where the cluster keeps its state, sockets and logs (default: ${DEFAULT-VALUE})")
    Path dir = Path.of("/tmp/skep-demo");

    @Option(names = "--nodes", description = "Nodes in the cluster (default: ${DEFAULT-VALUE})")
    int nodes = 3;

    @Option(names = "--down", description = "Remove the cluster, its namespaces, daemons and containers")
    boolean down;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Scripts scripts = Scripts.fromEnvironment();
        DemoCluster cluster = new DemoCluster(scripts, dir.toAbsolutePath(), Scripts.runningAsRoot());
        return down ? down(cluster) : up(scripts, cluster);
    }

    private int up(Scripts scripts, DemoCluster cluster) throws Exception {
        step("Installing/starting Docker if needed (scripts/ensure-docker.sh)");
        scripts.run("scripts/ensure-docker.sh");
        step("Building the DockerCoins images offline (demo/coins/build-images.sh)");
        scripts.run("demo/coins/build-images.sh");
        if (cluster.running()) {
            step("The cluster in " + cluster.dir() + " is already up");
        } else {
            step("Starting a " + nodes + "-node cluster in " + cluster.dir()
                    + (cluster.namespaces()
                            ? " (a network namespace, dockerd and skepd per node)"
                            : " (skepd processes sharing this host's dockerd: not root, so no namespaces)"));
            cluster.up(nodes);
        }
        List<DemoCluster.Node> all = cluster.nodes();
        DemoCluster.Node manager = all.getFirst();
        step("Deploying the stack: skep stack deploy -c " + STACK_FILE + " " + STACK);
        int rc = skep(
                manager,
                "stack",
                "deploy",
                "-c",
                scripts.root().resolve(STACK_FILE).toString(),
                STACK);
        if (rc != 0) return rc;
        skep(manager, "node", "ls");
        String webUi = "http://" + manager.address() + ":" + WEB_UI_PORT;
        step("Waiting for the workers to mine (" + webUi + "/json)");
        if (!awaitHashes(new CoinsProbe(webUi))) {
            System.err.println("No hashes after " + FIRST_HASHES.toMinutes() + " min: see `skep stack ps " + STACK
                    + "` and the logs under " + cluster.dir());
            return 1;
        }
        skep(manager, "stack", "services", STACK);
        printNextSteps(all, manager);
        return 0;
    }

    private boolean awaitHashes(CoinsProbe probe) throws InterruptedException {
        long deadline = System.nanoTime() + FIRST_HASHES.toNanos();
        OptionalLong first = OptionalLong.empty();
        while (System.nanoTime() < deadline) {
            OptionalLong now = probe.hashes();
            if (now.isPresent() && first.isPresent() && now.getAsLong() > first.getAsLong()) {
                out.println("    hashes: " + now.getAsLong() + " and counting");
                return true;
            }
            if (first.isEmpty()) first = now;
            out.println("    " + (now.isPresent() ? "hashes: " + now.getAsLong() : "web UI not answering yet"));
            Thread.sleep(3000);
        }
        return false;
    }

    private void printNextSteps(List<DemoCluster.Node> all, DemoCluster.Node manager) {
        String webUi = "http://" + manager.address() + ":" + WEB_UI_PORT;
        out.println();
        out.println("DockerCoins is mining. The web UI plots the hashing speed:");
        out.println();
        out.println("    " + webUi + "/        (the routing mesh answers on every node: "
                + String.join(
                        ", ",
                        all.stream()
                                .map(n -> n.address() + ":" + WEB_UI_PORT)
                                .distinct()
                                .toList()) + ")");
        out.println();
        out.println("Reach the cluster's API (docker CLI or ./skep):");
        out.println();
        out.println("    export SKEP_HOST=" + manager.skepHost() + "   # for ./skep");
        out.println("    export DOCKER_HOST=" + manager.skepHost() + " # for docker");
        out.println();
        out.println("The lesson (theory: 3.33 hashes/s per worker, at most 10/s per rng instance):");
        out.println("    ./skep service scale " + STACK + "_worker=2      # twice the speed");
        out.println("    ./skep service scale " + STACK
                + "_worker=10     # not ten times: rng answers one request at a time");
        out.println("    ./skep service rm " + STACK + "_rng && RNG_MODE=global ./skep stack deploy -c " + STACK_FILE
                + " " + STACK + "   # rng on every node");
        out.println("    ./skep stack ps " + STACK + "      ./skep service logs " + STACK + "_worker");
        out.println();
        out.println("Remove everything with: ./skep demo --down");
    }

    private int down(DemoCluster cluster) throws Exception {
        step("Removing the cluster in " + cluster.dir());
        cluster.down();
        out.println("Demo removed.");
        return 0;
    }

    private int skep(DemoCluster.Node node, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-H";
        all[1] = node.skepHost();
        System.arraycopy(args, 0, all, 2, args.length);
        return SkepCli.run(all, out, System.err);
    }

    private void step(String what) {
        out.println("==> " + what);
    }
}
