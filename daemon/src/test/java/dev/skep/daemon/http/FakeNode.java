package dev.skep.daemon.http;

import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.model.Task;
import dev.skep.api.time.ManualTimer;
import dev.skep.cluster.logs.ClusterLogs;
import dev.skep.daemon.LocalNode;
import dev.skep.manager.ca.ClusterCa;
import dev.skep.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A LocalNode over a MemoryStore: init creates the cluster and this node as leader; logs come from a map. */
final class FakeNode implements LocalNode {
    final ManualTimer timer = new ManualTimer();
    final Map<String, List<String>> logLines = new ConcurrentHashMap<>();
    /** What the cluster says it could not read, e.g. "node X is not available". */
    volatile List<String> logProblems = List.of();

    volatile MemoryStore store;
    volatile String nodeId;
    /** No engine by default, so tests do not depend on the machine's dockerd; set before the server starts. */
    volatile String dockerHost = "unix:///nonexistent/skep-test-engine.sock";

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String localNodeState() {
        return nodeId == null ? "inactive" : "active";
    }

    @Override
    public String nodeAddr() {
        return nodeId == null ? "" : "127.0.0.1";
    }

    @Override
    public String nodeName() {
        return "box1";
    }

    @Override
    public MemoryStore store() {
        return store;
    }

    @Override
    public synchronized String initSwarm(SwarmInitRequest request) {
        if (nodeId != null)
            throw dev.skep.api.errors.ApiException.unavailable(dev.skep.api.errors.SwarmErrors.ALREADY_IN_SWARM);
        MemoryStore s = new MemoryStore(timer.clock());
        String id = "node1aaaaaaaaaaaaaaaaaaaaa";
        String clusterId = "cluster1aaaaaaaaaaaaaaaaaa";
        s.update(tx -> {
            tx.create(new Cluster(
                    clusterId,
                    null,
                    null,
                    null,
                    new Cluster.Spec("default", Map.of(), new Cluster.Orchestration(5L), null, null, null, null, null),
                    null,
                    false,
                    4789L,
                    List.of("10.0.0.0/8"),
                    24L,
                    ClusterCa.newJoinTokens(null, clusterId)));
            tx.create(new Node(
                    id,
                    null,
                    null,
                    null,
                    new Node.Spec(null, Map.of(), "manager", "active"),
                    new Node.Description("box1", null, null, new Node.Engine("28.0.0", Map.of(), List.of()), null),
                    new Node.Status("ready", null, "127.0.0.1"),
                    new Node.ManagerStatus(true, "reachable", "127.0.0.1:2377")));
        });
        store = s;
        nodeId = id;
        return id;
    }

    @Override
    public void joinSwarm(dev.skep.api.model.SwarmJoinRequest request) {
        throw dev.skep.api.errors.ApiException.unavailable("the fake node cannot join");
    }

    @Override
    public void leaveSwarm(boolean force) {
        store = null;
        nodeId = null;
    }

    @Override
    public ClusterLogs logs() {
        ClusterLogs local = ClusterLogs.local((Task task, LogSource.LogOptions options, LogSource.LogSink sink) -> {
            for (String line : logLines.getOrDefault(task.id(), List.of())) {
                if (!sink.line(1, line.getBytes(StandardCharsets.UTF_8))) return;
            }
        });
        return (tasks, options, sink) -> {
            local.logs(tasks, options, sink);
            return logProblems;
        };
    }

    @Override
    public String dockerHost() {
        return dockerHost;
    }
}
