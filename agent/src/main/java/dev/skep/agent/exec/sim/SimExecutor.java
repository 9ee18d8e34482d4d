package dev.skep.agent.exec.sim;

import dev.skep.agent.exec.Controller;
import dev.skep.agent.exec.ExecException;
import dev.skep.agent.exec.Executor;
import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import dev.skep.api.time.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An executor without containers, for tests and scale benchmarks: a task takes {@code prepareDelay} to prepare
 * and {@code startDelay} to start, then runs until it is shut down, or exits with {@code exitCode} after
 * {@code runFor} when that is set. Images listed in {@code missingImages} fail to prepare like a failed pull.
 */
public final class SimExecutor implements Executor {
    /** How simulated tasks behave; {@code runFor} null means they run until shut down. */
    public record Config(
            String hostname,
            Resources resources,
            Duration prepareDelay,
            Duration startDelay,
            Duration runFor,
            long exitCode,
            Set<String> missingImages) {
        public static Config defaults(String hostname) {
            return new Config(
                    hostname,
                    new Resources(4_000_000_000L, 8L << 30, null, null),
                    Duration.ZERO,
                    Duration.ofMillis(100),
                    null,
                    0,
                    Set.of());
        }

        public Config withStartDelay(Duration d) {
            return new Config(hostname, resources, prepareDelay, d, runFor, exitCode, missingImages);
        }

        public Config withPrepareDelay(Duration d) {
            return new Config(hostname, resources, d, startDelay, runFor, exitCode, missingImages);
        }

        public Config withExit(Duration after, long code) {
            return new Config(hostname, resources, prepareDelay, startDelay, after, code, missingImages);
        }

        public Config withMissingImages(Set<String> images) {
            return new Config(hostname, resources, prepareDelay, startDelay, runFor, exitCode, Set.copyOf(images));
        }
    }

    /** The lifecycle of one simulated container. */
    public enum SimState {
        CREATED,
        RUNNING,
        EXITED,
        STOPPED
    }

    private final Timer timer;
    private final Config config;
    private final Map<String, SimController> containers = new ConcurrentHashMap<>();

    public SimExecutor(Timer timer, Config config) {
        this.timer = timer;
        this.config = config;
    }

    @Override
    public Node.Description describe() {
        return new Node.Description(
                config.hostname(),
                new Placement.Platform("x86_64", "linux"),
                config.resources(),
                new Node.Engine("sim", Map.of(), java.util.List.of()),
                null);
    }

    @Override
    public Controller controller(Task task) throws ExecException {
        if (task.spec() == null || task.spec().containerSpec() == null) {
            throw ExecException.fatal("task has no container spec");
        }
        return new SimController(task, this);
    }

    @Override
    public void removeUnassigned(String nodeId, Predicate<String> assignedTaskId) {
        containers.keySet().removeIf(id -> !assignedTaskId.test(id));
    }

    /** The simulated container of a task, or null when there is none (never prepared, or removed). */
    public SimState state(String taskId) {
        SimController c = containers.get(taskId);
        return c == null ? null : c.state();
    }

    /** How many simulated containers are running now. */
    public long runningCount() {
        return containers.values().stream()
                .filter(c -> c.state() == SimState.RUNNING)
                .count();
    }

    /** How many simulated containers exist (in any state). */
    public int containerCount() {
        return containers.size();
    }

    Timer timer() {
        return timer;
    }

    Config config() {
        return config;
    }

    /** Registers the task's container unless one exists (an adopted task keeps its container). */
    SimController register(String taskId, SimController c) {
        SimController existing = containers.putIfAbsent(taskId, c);
        return existing == null ? c : existing;
    }

    SimController existing(String taskId) {
        return containers.get(taskId);
    }

    void forget(String taskId) {
        containers.remove(taskId);
    }
}
