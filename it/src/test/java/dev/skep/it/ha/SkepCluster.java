package dev.skep.it.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.it.SkepProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Several skepd processes on this machine forming one swarm (issue #3 point 6): each has its own data dir,
 * socket, port pair and node name and runs the {@code sim} executor. The first manager runs
 * {@code docker swarm init}; the others join through their own sockets with the unmodified docker CLI.
 */
public final class SkepCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final List<SkepProcess> managers;
    private final List<SkepProcess> workers;

    private SkepCluster(List<SkepProcess> managers, List<SkepProcess> workers) {
        this.managers = managers;
        this.workers = workers;
    }

    /** Starts managers + workers daemons (in parallel), inits the swarm on the first and joins the rest. */
    public static SkepCluster start(int managerCount, int workerCount) {
        SkepCluster cluster = startDaemons(managerCount, workerCount);
        try {
            cluster.init();
            for (SkepProcess manager : cluster.managers.subList(1, cluster.managers.size())) {
                cluster.join(manager, "manager");
            }
            for (SkepProcess worker : cluster.workers) {
                cluster.join(worker, "worker");
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts the daemons (in parallel), none of them in a swarm yet: tests that check joining do the rest. */
    public static SkepCluster startDaemons(int managerCount, int workerCount) {
        return startDaemons(managerCount, workerCount, Map.of());
    }

    /** {@link #startDaemons(int, int)} with extra environment variables for every skepd. */
    public static SkepCluster startDaemons(int managerCount, int workerCount, Map<String, String> environment) {
        String prefix = "ha-" + UUID.randomUUID().toString().substring(0, 4) + "-";
        List<SkepProcess> managers = startAll(prefix + "m", managerCount, environment);
        try {
            return new SkepCluster(managers, startAll(prefix + "w", workerCount, environment));
        } catch (RuntimeException | Error e) {
            managers.forEach(SkepProcess::close);
            throw e;
        }
    }

    /** {@code docker swarm init} on the first manager. */
    public void init() {
        managers.getFirst().docker().ok("swarm", "init");
    }

    private static List<SkepProcess> startAll(String namePrefix, int count, Map<String, String> environment) {
        List<CompletableFuture<SkepProcess>> starting = IntStream.rangeClosed(1, count)
                .mapToObj(
                        i -> CompletableFuture.supplyAsync(() -> SkepProcess.start(namePrefix + i, "sim", environment)))
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
        if (failure != null) {
            started.forEach(SkepProcess::close);
            throw failure;
        }
        return new ArrayList<>(started);
    }

    /** Joins {@code node} through its own socket with the docker CLI, using a live manager's token and address. */
    public void join(SkepProcess node, String role) {
        SkepProcess via = anyLiveManager();
        node.docker().ok("swarm", "join", "--token", joinToken(role), via.clusterAddr());
    }

    /** The current join token for {@code worker} or {@code manager}, read from a live manager. */
    public String joinToken(String role) {
        return anyLiveManager()
                .docker()
                .ok("swarm", "join-token", "-q", role)
                .stdout()
                .strip();
    }

    public List<SkepProcess> managers() {
        return managers;
    }

    public List<SkepProcess> workers() {
        return workers;
    }

    public List<SkepProcess> liveManagers() {
        return managers.stream().filter(SkepProcess::isAlive).toList();
    }

    public SkepProcess anyLiveManager() {
        return liveManagers().stream().findFirst().orElseThrow(() -> new IllegalStateException("no manager is alive"));
    }

    /**
     * The live manager that the live managers' node lists agree is the Leader (every live manager must name the
     * same one, so a stale list on a follower is not mistaken for a result), if any.
     */
    public Optional<SkepProcess> leader() {
        String agreed = null;
        for (SkepProcess manager : liveManagers()) {
            Optional<String> named = leaderName(manager);
            if (named.isEmpty() || (agreed != null && !agreed.equals(named.get()))) {
                return Optional.empty();
            }
            agreed = named.get();
        }
        String name = agreed;
        return liveManagers().stream().filter(m -> m.nodeName().equals(name)).findFirst();
    }

    /** Waits until {@link #leader()} names a live manager. */
    public SkepProcess awaitLeader(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<SkepProcess> leader = leader();
            if (leader.isPresent()) {
                return leader.get();
            }
            SkepProcess.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("no agreed leader among the live managers within " + timeout);
    }

    /** The host name of the node {@code manager}'s {@code GET /nodes} marks as Leader. */
    static Optional<String> leaderName(SkepProcess manager) {
        UnixHttp.Response nodes = UnixHttp.get(manager.socket(), "/nodes", HTTP_TIMEOUT);
        if (!nodes.ok()) {
            return Optional.empty();
        }
        try {
            for (JsonNode node : JSON.readTree(nodes.body())) {
                if (node.path("ManagerStatus").path("Leader").asBoolean(false)) {
                    return Optional.of(node.path("Description").path("Hostname").asText());
                }
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Every daemon's log tail, for failure messages. */
    public String logTails() {
        StringBuilder out = new StringBuilder();
        for (SkepProcess p : all()) {
            out.append("\n=== ")
                    .append(p.nodeName())
                    .append(" (alive=")
                    .append(p.isAlive())
                    .append(")\n")
                    .append(p.logTail());
        }
        return out.toString();
    }

    public List<SkepProcess> all() {
        List<SkepProcess> all = new ArrayList<>(managers);
        all.addAll(workers);
        return all;
    }

    @Override
    public void close() {
        SkepProcess.closeAll(all());
    }
}
