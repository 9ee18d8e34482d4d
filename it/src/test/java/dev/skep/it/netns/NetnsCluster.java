package dev.skep.it.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skep.it.CommandResult;
import dev.skep.it.DockerCli;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Several real Skep nodes on this machine, through {@code scripts/netns-cluster.sh}: each node is its own network
 * namespace on a test bridge, with its own dockerd and skepd (running this test JVM's class path), node 1 the
 * manager and the others workers. The test's bridge, subnet and names differ from the script's defaults, so a
 * cluster someone started by hand is left alone. {@link #close} always tears everything down.
 */
public final class NetnsCluster implements AutoCloseable {
    /** Test bridge and the first three octets of its /24: node K is {@code NET.(10+K)}. */
    static final String BRIDGE = System.getProperty("skep.it.netns.bridge", "skepitbr0");
    /** Loaded into every node too when the host has it (scripts/build-registry-image.sh). */
    static final String REGISTRY_IMAGE = "skep-registry:2.8";

    static final String NET = System.getProperty("skep.it.netns.net", "10.231.7");
    static final String PREFIX = "skit-node";
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);

    /** The second test bridge and /24 of {@link #upAsTheCourse} (each node's eth1). */
    static final String BRIDGE2 = BRIDGE + "b";

    static final String NET2 = System.getProperty("skep.it.netns.net2", "10.231.8");

    private final Path script;
    private final Path dir;
    private final List<Node> nodes;
    private final Map<String, String> extraEnv;

    private NetnsCluster(Path script, Path dir, int size, Map<String, String> extraEnv) {
        this.script = script;
        this.dir = dir;
        this.extraEnv = extraEnv;
        this.nodes =
                IntStream.rangeClosed(1, size).mapToObj(k -> new Node(this, k)).toList();
    }

    /**
     * Skips the calling test (JUnit assumption) unless this machine can run such a cluster: root, {@code ip netns},
     * dockerd and the test image.
     */
    public static void assumeSupported(String image) {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "netns cluster: needs root (namespaces, bridges, one dockerd per node)");
        assumeTrue(
                run(Duration.ofSeconds(10), List.of("ip", "netns", "list")).succeeded(),
                "netns cluster: 'ip netns' is not available");
        assumeTrue(
                run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v dockerd"))
                        .succeeded(),
                "netns cluster: dockerd is not installed");
        assumeTrue(
                DockerCli.hostDockerd()
                        .run(Duration.ofSeconds(30), "image", "inspect", image)
                        .succeeded(),
                "netns cluster: the test image " + image + " is not on the host's dockerd");
        assumeTrue(
                !run(Duration.ofSeconds(10), List.of("ip", "link", "show", BRIDGE))
                        .succeeded(),
                "netns cluster: the test bridge " + BRIDGE + " exists already (another run?)");
    }

    /** Skips the calling test unless the host's dockerd has {@code image} to copy into the nodes. */
    public static void assumeImage(String image) {
        assumeTrue(
                DockerCli.hostDockerd()
                        .run(Duration.ofSeconds(30), "image", "inspect", image)
                        .succeeded(),
                "netns cluster: the image " + image + " is not on the host's dockerd");
    }

    /** Starts {@code size} nodes and forms the swarm; tears down what was started when that fails. */
    public static NetnsCluster up(int size) {
        return up(size, Map.of());
    }

    /**
     * The course's machines: every node has {@code eth0} and a second interface {@code eth1} on its own bridge
     * ({@code NET2.(10+K)}); skepd is started without address flags; node1 runs {@code docker swarm init
     * initFlags} and the others type the {@code docker swarm join …} line that {@code join-token worker} prints.
     */
    public static NetnsCluster upAsTheCourse(int size, String initFlags) {
        assumeTrue(
                !run(Duration.ofSeconds(10), List.of("ip", "link", "show", BRIDGE2))
                        .succeeded(),
                "netns cluster: the test bridge " + BRIDGE2 + " exists already (another run?)");
        return up(
                size,
                Map.of("SKEP_NETNS_NET2", NET2, "SKEP_NETNS_BRIDGE2", BRIDGE2, "SKEP_NETNS_INIT_FLAGS", initFlags));
    }

    /** {@link #up(int)} with more environment for the script, e.g. {@code SKEP_JAVA_OPTS} for every skepd. */
    public static NetnsCluster up(int size, Map<String, String> extraEnv) {
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "skit");
            Files.delete(dir); // the script creates it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NetnsCluster cluster = new NetnsCluster(findScript(), dir, size, extraEnv);
        CommandResult r = cluster.script(UP_TIMEOUT, "up", String.valueOf(size), dir.toString());
        if (!r.succeeded()) {
            cluster.close();
            throw new IllegalStateException("netns cluster did not come up: " + r);
        }
        return cluster;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int k) {
        return nodes.get(k - 1);
    }

    /** The manager (node 1): where docker service commands go. */
    public DockerCli manager() {
        return node(1).skep();
    }

    public Path dir() {
        return dir;
    }

    /** The last lines of every node's skepd log, for a failing test's report. */
    public String logTails(int lines) {
        StringBuilder s = new StringBuilder();
        for (Node n : nodes) {
            s.append("==== ")
                    .append(n.name())
                    .append(" skepd log (tail)\n")
                    .append(run(
                                    Duration.ofSeconds(10),
                                    List.of(
                                            "tail",
                                            "-n",
                                            String.valueOf(lines),
                                            n.dir().resolve("skepd.log").toString()))
                            .stdout());
        }
        return s.toString();
    }

    /** Kills every process the cluster started and removes its namespaces, links, rules and files. */
    @Override
    public void close() {
        CommandResult r = script(Duration.ofMinutes(2), "down", dir.toString());
        if (!r.succeeded()) System.err.println("netns cluster teardown: " + r);
    }

    CommandResult script(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(Map.of(
                "SKEP_NETNS_BRIDGE",
                BRIDGE,
                "SKEP_NETNS_NET",
                NET,
                "SKEP_NETNS_PREFIX",
                PREFIX,
                "SKEP_NETNS_VETH",
                "skitv",
                "SKEP_NETNS_BIP",
                "10.233",
                "SKEP_NETNS_IMAGES",
                REGISTRY_IMAGE,
                "SKEP_JAVA",
                ProcessHandle.current().info().command().orElse("java"),
                "SKEP_CLASSPATH",
                System.getProperty("skep.it.daemon.classpath", System.getProperty("java.class.path"))));
        env.putAll(extraEnv);
        return run(timeout, command, env);
    }

    private static Path findScript() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("scripts/netns-cluster.sh");
            if (Files.isRegularFile(s)) return s;
        }
        throw new IllegalStateException(
                "scripts/netns-cluster.sh not found above " + Path.of("").toAbsolutePath());
    }

    static CommandResult run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of());
    }

    /** Runs a command on this host (root namespace) with its output captured through files. */
    static CommandResult run(Duration timeout, List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("skit-out", ".txt");
            Path err = Files.createTempFile("skit-err", ".txt");
            try {
                ProcessBuilder b = new ProcessBuilder(command)
                        .redirectInput(new File("/dev/null"))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                b.environment().keySet().removeIf(k -> k.startsWith("DOCKER_") || k.equals("SKEP_HOST"));
                b.environment().putAll(env);
                Process p = b.start();
                boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new CommandResult(
                        command,
                        done ? p.exitValue() : -1,
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8),
                        !done);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One node: its namespace, address, Skep API (its SKEP_HOST) and dockerd. */
    public static final class Node {
        private final NetnsCluster cluster;
        private final int index;

        Node(NetnsCluster cluster, int index) {
            this.cluster = cluster;
            this.index = index;
        }

        /** The node's name and hostname: {@code node<K>}. */
        public String name() {
            return "node" + index;
        }

        /** The node's address on the test bridge, reachable from the root namespace. */
        public String address() {
            return NET + "." + (10 + index);
        }

        /** The node's {@code eth1} address on the second bridge ({@link #upAsTheCourse} only). */
        public String address2() {
            return NET2 + "." + (10 + index);
        }

        public String namespace() {
            return PREFIX + index;
        }

        Path dir() {
            return cluster.dir.resolve(name());
        }

        /** The docker CLI against this node's skepd. */
        public DockerCli skep() {
            return new DockerCli("unix://" + dir().resolve("skep.sock"));
        }

        /** The docker CLI against this node's own dockerd (where its task containers run). */
        public DockerCli dockerd() {
            return new DockerCli("unix://" + dir().resolve("docker.sock"));
        }

        /** The node dies: SIGKILL its skepd and dockerd, and cut its link (its containers go silent too). */
        public void kill() {
            cluster.script(Duration.ofSeconds(30), "kill", String.valueOf(index), cluster.dir.toString())
                    .assertSuccess();
        }

        /** Runs a command inside the node's network namespace. */
        public CommandResult exec(Duration timeout, String... argv) {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace()));
            command.addAll(List.of(argv));
            return run(timeout, command);
        }
    }
}
