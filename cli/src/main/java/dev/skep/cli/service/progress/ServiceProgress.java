package dev.skep.cli.service.progress;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.GoDuration;
import dev.skep.cli.CliException;
import dev.skep.cli.client.SwarmApi;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits for a service to converge, polling every 200 ms as docker does ({@code GET /services/{id}},
 * {@code GET /tasks} of its up-to-date tasks, {@code GET /nodes}), then watches the monitor period
 * ({@code UpdateConfig.Monitor}, 5 s by default) before "verify: Service … converged".
 *
 * <p>Unlike docker, which waits forever, it gives up when one slot has seen {@link #MAX_FAILED_TASKS}
 * failed tasks (the task keeps failing: waiting longer will not help) and, when a timeout is set, after it.
 */
public class ServiceProgress {
    public static final Duration POLL = Duration.ofMillis(200);
    public static final int MAX_FAILED_TASKS = 5;
    private static final long DEFAULT_MONITOR = 5_000_000_000L;

    /** Waits between polls; tests replace it to run without real sleeping. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final SwarmApi api;
    private final ProgressWriter writer;
    private final long timeoutNanos;
    private final Clock clock;
    private final Sleeper sleeper;

    public ServiceProgress(SwarmApi api, PrintStream out, boolean terminal, boolean quiet, long timeoutNanos) {
        this(
                api,
                quiet
                        ? ProgressWriter.DISCARD
                        : terminal ? new TerminalProgressWriter(out) : new PlainProgressWriter(out),
                timeoutNanos,
                Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()));
    }

    public ServiceProgress(SwarmApi api, ProgressWriter writer, long timeoutNanos, Clock clock, Sleeper sleeper) {
        this.api = api;
        this.writer = writer;
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Returns when the service has converged; throws {@link CliException} when it cannot. */
    public void waitFor(String serviceId) throws InterruptedException {
        Instant started = clock.instant();
        ProgressUpdater updater = null;
        boolean converged = false;
        Instant convergedAt = null;
        boolean rollback = false;
        String finalMessage = null;
        FailureCount failures = new FailureCount();
        while (true) {
            Service service = api.service(serviceId);
            long monitor = monitorOf(service);
            if (updater == null) updater = ProgressUpdater.forService(service, writer);
            if (service.updateStatus() != null && service.updateStatus().state() != null) {
                String msg = service.updateStatus().message() == null
                        ? ""
                        : service.updateStatus().message();
                switch (service.updateStatus().state()) {
                    case "updating" -> rollback = false;
                    case "completed" -> {
                        if (!converged) return;
                    }
                    case "paused" -> throw new CliException("service update paused: " + msg);
                    case "rollback_started" -> {
                        if (!rollback && !msg.isEmpty()) writer.progress("rollback", msg, 0, 0);
                        rollback = true;
                    }
                    case "rollback_paused" -> throw new CliException("service rollback paused: " + msg);
                    case "rollback_completed" -> {
                        if (!converged) finalMessage = "rollback: " + msg;
                        rollback = true;
                    }
                    default -> {}
                }
            }
            Instant now = clock.instant();
            if (converged && Duration.between(convergedAt, now).toNanos() >= monitor) {
                writer.progress("verify", "Service " + serviceId + " converged", 0, 0);
                if (finalMessage != null) writer.message(finalMessage);
                return;
            }
            List<Task> tasks =
                    api.tasks(Filters.empty().add("service", service.id()).add("_up-to-date", "true"));
            converged = updater.update(service, tasks, activeNodes(), rollback);
            if (converged) {
                if (service.jobStatus() != null) {
                    writer.message("job complete");
                    return;
                }
                if (convergedAt == null) convergedAt = now;
                long wait = monitor - Duration.between(convergedAt, now).toNanos();
                if (wait >= 0) {
                    writer.progress(
                            "verify",
                            "Waiting " + (wait / 1_000_000_000L + 1) + " seconds to verify that tasks are stable...",
                            0,
                            0);
                }
            } else {
                if (convergedAt != null) writer.progress("verify", "Detected task failure", 0, 0);
                convergedAt = null;
                if (!service.spec().mode().isJob()) failures.check(service, tasks);
            }
            if (timeoutNanos > 0 && Duration.between(started, clock.instant()).toNanos() >= timeoutNanos) {
                writer.message("Operation continuing in background.");
                writer.message("Use `skep service ps " + serviceId + "` to check progress.");
                throw new CliException(
                        "service " + serviceId + " did not converge within " + GoDuration.format(timeoutNanos));
            }
            sleeper.sleep(POLL);
        }
    }

    private static long monitorOf(Service service) {
        var update = service.spec().updateConfig();
        return update != null && update.monitor() != null && update.monitor() != 0 ? update.monitor() : DEFAULT_MONITOR;
    }

    private Set<String> activeNodes() {
        Set<String> active = new HashSet<>();
        for (Node n : api.nodes(null)) {
            if (n.status() == null || !"down".equals(n.status().state())) active.add(n.id());
        }
        return active;
    }

    /** Counts distinct failed tasks per slot (or node, for global services) among the up-to-date tasks. */
    static final class FailureCount {
        private final Map<String, Set<String>> failedBySlot = new HashMap<>();

        void check(Service service, List<Task> tasks) {
            for (Task t : tasks) {
                TaskState s = t.state();
                if (s != TaskState.FAILED && s != TaskState.REJECTED) continue;
                String slot = t.slotNumber() != 0 ? Long.toString(t.slotNumber()) : String.valueOf(t.nodeID());
                Set<String> failed = failedBySlot.computeIfAbsent(slot, k -> new HashSet<>());
                failed.add(t.id());
                if (failed.size() >= MAX_FAILED_TASKS) {
                    String err = t.status() == null
                                    || t.status().err() == null
                                    || t.status().err().isEmpty()
                            ? s.wire()
                            : t.status().err();
                    throw new CliException("service " + service.spec().name() + " is not converging: task "
                            + service.spec().name() + "." + slot + " failed " + failed.size() + " times: " + err);
                }
            }
        }
    }
}
