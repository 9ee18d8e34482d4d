package dev.skep.it.nodes;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.skep.it.CommandResult;
import dev.skep.it.DockerCli;
import dev.skep.it.SkepProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One manager and two workers, each a skepd with the docker executor, all on the machine's one dockerd:
 * every executor only touches the containers labelled with its own node ID, so the nodes stay apart. The
 * heartbeat period is set before the workers join, so their agents start with it.
 */
final class DockerSwarm implements AutoCloseable {
    static final String IMAGE = "skep-busybox:latest";
    /** Stops at once on SIGTERM, so shutdowns and drains do not wait for the 10 s grace period. */
    static final List<String> SLEEPER = List.of("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done");

    private static final String NODE_LABEL = "com.docker.swarm.node.id";

    private final SkepProcess manager;
    private final List<SkepProcess> workers;

    private DockerSwarm(SkepProcess manager, List<SkepProcess> workers) {
        this.manager = manager;
        this.workers = workers;
    }

    /** Skips the test class unless a dockerd and the offline test image are there. */
    static void assumeDocker() {
        assumeThat(Files.exists(Path.of("/var/run/docker.sock")))
                .as("dockerd socket")
                .isTrue();
        assumeThat(DockerCli.hostDockerd().run("image", "inspect", IMAGE).succeeded())
                .as(IMAGE + " (scripts/build-test-images.sh builds it)")
                .isTrue();
    }

    static DockerSwarm start(Duration heartbeat) {
        List<CompletableFuture<SkepProcess>> starting = List.of("m1", "w1", "w2").stream()
                .map(n -> CompletableFuture.supplyAsync(SkepProcess::start))
                .toList();
        List<SkepProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<SkepProcess> f : starting) {
            try {
                started.add(f.join());
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        DockerSwarm swarm = new DockerSwarm(
                started.isEmpty() ? null : started.get(0),
                started.size() > 1 ? started.subList(1, started.size()) : List.of());
        if (failure != null) {
            swarm.close();
            throw failure;
        }
        try {
            swarm.form(heartbeat);
            return swarm;
        } catch (RuntimeException | Error e) {
            swarm.close();
            throw e;
        }
    }

    private void form(Duration heartbeat) {
        DockerCli m = manager.docker();
        m.ok("swarm", "init");
        m.ok("swarm", "update", "--dispatcher-heartbeat", heartbeat.toSeconds() + "s");
        String token = m.ok("swarm", "join-token", "-q", "worker").stdout().strip();
        String managerAddr = m.ok("node", "inspect", "self", "--format", "{{.ManagerStatus.Addr}}")
                .stdout()
                .strip();
        for (SkepProcess w : workers) w.docker().ok("swarm", "join", "--token", token, managerAddr);
        // Cache every node ID now: a killed skepd can no longer tell its ID, but its containers need removing.
        manager.nodeId();
        workers.forEach(SkepProcess::nodeId);
    }

    SkepProcess manager() {
        return manager;
    }

    List<SkepProcess> workers() {
        return workers;
    }

    /** The unmodified docker CLI against the manager. */
    DockerCli docker() {
        return manager.docker();
    }

    /** Node ID → host name, from {@code docker node ls}. */
    Map<String, String> hostnames() {
        return docker().ok("node", "ls", "--format", "{{.ID}}|{{.Hostname}}").lines().stream()
                .map(l -> l.split("\\|"))
                .collect(Collectors.toMap(f -> f[0], f -> f[1]));
    }

    /** {@code docker node ls} STATUS of a node, e.g. "Ready" or "Down". */
    String status(SkepProcess node) {
        return docker().ok("node", "inspect", "--format", "{{.Status.State}}", node.nodeId())
                .stdout()
                .strip();
    }

    /** Host names of the nodes that run the service's tasks now (desired and observed Running), one per task. */
    List<String> runningOn(String service) {
        return docker()
                .ok(
                        "service",
                        "ps",
                        "--filter",
                        "desired-state=running",
                        "--format",
                        "{{.Node}}|{{.CurrentState}}",
                        service)
                .lines()
                .stream()
                .filter(l -> l.contains("|Running"))
                .map(l -> l.substring(0, l.indexOf('|')))
                .toList();
    }

    /** IDs of the service's containers that really run on dockerd for {@code node} (by the swarm labels). */
    static List<String> containers(SkepProcess node, String service) {
        return DockerCli.hostDockerd()
                .ok(
                        "ps",
                        "-q",
                        "--filter",
                        "label=" + NODE_LABEL + "=" + node.nodeId(),
                        "--filter",
                        "label=com.docker.swarm.service.name=" + service)
                .lines();
    }

    /** The service's running containers on dockerd, on any node of this swarm (others share the dockerd). */
    List<String> allContainers(String service) {
        return all().stream().flatMap(n -> containers(n, service).stream()).toList();
    }

    CommandResult createService(String... args) {
        List<String> command = new ArrayList<>(List.of("service", "create", "-d", "--no-resolve-image"));
        command.addAll(List.of(args));
        return docker().ok(command.toArray(String[]::new));
    }

    String logTails() {
        StringBuilder out = new StringBuilder();
        all().forEach(p -> out.append("\n=== ")
                .append(p.nodeName())
                .append(" (alive=")
                .append(p.isAlive())
                .append(")\n")
                .append(p.logTail()));
        return out.toString();
    }

    private List<SkepProcess> all() {
        List<SkepProcess> all = new ArrayList<>();
        if (manager != null) all.add(manager);
        all.addAll(workers);
        return all;
    }

    /** Kills every skepd and removes the containers each left on dockerd (by its node-ID label). */
    @Override
    public void close() {
        SkepProcess.closeAll(all());
    }
}
