package dev.skep.bench;

import dev.skep.agent.Agent;
import dev.skep.agent.exec.sim.SimExecutor;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.model.Node;
import dev.skep.api.time.Timer;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Simulated worker nodes: one {@link Agent} with a {@link SimExecutor} per node, each with its own node ID and a
 * description with resources (4 CPUs, 8 GiB), all talking to the leader's dispatcher in-process.
 */
final class SimNodes implements AutoCloseable {
    private static final int REGISTER_BATCH = 500;
    private final List<Agent> agents = new ArrayList<>();

    /**
     * Records {@code count} nodes in {@code store} as their joins would (the dispatcher takes sessions only from
     * nodes it knows), then starts their agents (sessions open in parallel; the dispatcher commits each "ready").
     */
    static SimNodes start(int count, Dispatcher dispatcher, MemoryStore store, Timer timer) {
        for (int from = 1; from <= count; from += REGISTER_BATCH) {
            int first = from;
            store.update(tx -> {
                for (int i = first; i < first + REGISTER_BATCH && i <= count; i++) {
                    tx.create(new Node(
                            id(i),
                            null,
                            null,
                            null,
                            new Node.Spec(null, Map.of(), "worker", "active"),
                            null,
                            new Node.Status("unknown", null, null),
                            null));
                }
            });
        }
        SimNodes nodes = new SimNodes();
        for (int i = 1; i <= count; i++) {
            String id = id(i);
            SimExecutor sim = new SimExecutor(timer, SimExecutor.Config.defaults("host-" + id));
            nodes.agents.add(new Agent(id, dispatcher, sim, timer));
        }
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Agent a : nodes.agents) starter.execute(a::start);
        }
        return nodes;
    }

    /** Waits until the store shows every node ready. */
    void awaitReady(MemoryStore store, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readyCount(store) < agents.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + readyCount(store) + " of " + agents.size() + " nodes ready after " + timeout);
            }
            ManagerCluster.sleep(50);
        }
    }

    private static long readyCount(MemoryStore store) {
        return store.view(tx -> tx.nodes().all().stream()
                .filter(n -> n.status() != null && "ready".equals(n.status().state()))
                .map(Node::id)
                .count());
    }

    private static String id(int i) {
        return String.format("sim-node-%05d", i);
    }

    int size() {
        return agents.size();
    }

    @Override
    public void close() {
        try (ExecutorService stopper = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Agent a : agents) stopper.execute(a::stop);
            stopper.shutdown();
            stopper.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agents.clear();
    }
}
