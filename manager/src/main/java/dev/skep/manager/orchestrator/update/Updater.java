package dev.skep.manager.orchestrator.update;

import dev.skep.api.defaults.ServiceDefaults;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.UpdateConfig;
import dev.skep.api.time.Timer;
import dev.skep.manager.Wakeups;
import dev.skep.manager.orchestrator.NodeEligibility;
import dev.skep.manager.orchestrator.ServiceModes;
import dev.skep.manager.orchestrator.TaskFactory;
import dev.skep.manager.orchestrator.restart.RestartSupervisor;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rolling update of one service towards one spec (SwarmKit's {@code updater.go}), as a state machine
 * driven by the owning loop: task events and timer wake-ups move it on, nothing blocks.
 *
 * <p>{@code Parallelism} workers (0 = one per dirty slot) each take a dirty slot, replace its task, wait
 * until the replacement reaches RUNNING, wait {@code Delay}, and take the next. {@code stop-first} shuts the
 * old task down and starts the new one (parked in READY) once the old one stopped; {@code start-first}
 * starts the new one at once and shuts the old one down when the new one runs. A task this update created
 * that stops within {@code Monitor} of starting is a failure; past {@code MaxFailureRatio} the
 * {@code FailureAction} applies: pause, continue, or roll back to the previous spec (a failing rollback
 * only pauses). After the last slot it keeps watching for {@code max(Monitor, Delay + 1s)}, then marks the
 * update completed.
 */
final class Updater {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);

    private final MemoryStore store;
    private final Wakeups wakeups;
    private final RestartSupervisor restarts;
    private final NodeEligibility eligibility;
    private final UpdateStatuses statuses;
    private final Cluster cluster;
    private final Service service;
    private final boolean rollback;
    private final UpdateConfig config;
    private final Duration delay;
    private final Duration monitor;
    private final Runnable onDone;

    private final Deque<List<Task>> queue = new ArrayDeque<>();
    private final Map<String, SlotReplacement> replacing = new HashMap<>();
    /** Tasks this update created; the instant each reached RUNNING, or null before. */
    private final Map<String, Instant> created = new HashMap<>();

    private final Set<String> failed = new HashSet<>();
    private final List<Timer.Cancellable> timers = new ArrayList<>();
    private int dirtySlots;
    private int workers;
    private boolean done;

    /** A slot whose new task has been created and is awaited. */
    private record SlotReplacement(List<Task> oldTasks, boolean startFirst) {}

    Updater(
            MemoryStore store,
            Wakeups wakeups,
            RestartSupervisor restarts,
            NodeEligibility eligibility,
            Cluster cluster,
            Service service,
            Runnable onDone) {
        this.store = store;
        this.wakeups = wakeups;
        this.restarts = restarts;
        this.eligibility = eligibility;
        this.statuses = new UpdateStatuses(store);
        this.cluster = cluster;
        this.service = service;
        this.rollback = UpdateStatuses.isRollback(service);
        this.config = rollback
                ? ServiceDefaults.rollbackConfig(service.spec())
                : ServiceDefaults.updateConfig(service.spec());
        this.delay = Duration.ofNanos(config.delay());
        this.monitor = Duration.ofNanos(config.monitor());
        this.onDone = onDone;
    }

    Service service() {
        return service;
    }

    boolean isDone() {
        return done;
    }

    void run(List<List<Task>> slots) {
        Instant now = wakeups.now();
        if (UpdateStatuses.isPaused(service)) {
            finish();
            return;
        }
        List<List<Task>> dirty = slots.stream().filter(this::isSlotDirty).toList();
        if (dirty.isEmpty()) {
            if (!UpdateStatuses.isSettled(service)) statuses.complete(service.id(), now);
            finish();
            return;
        }
        statuses.start(service.id(), now);
        queue.addAll(dirty);
        dirtySlots = dirty.size();
        int parallelism = config.parallelism() == 0 ? dirtySlots : (int) Math.min(config.parallelism(), dirtySlots);
        workers = parallelism;
        for (int i = 0; i < parallelism && !done; i++) nextSlot(now);
    }

    void cancel() {
        finish();
    }

    private void finish() {
        if (done) return;
        done = true;
        timers.forEach(Timer.Cancellable::cancel);
        timers.clear();
        onDone.run();
    }

    /** A worker takes the next dirty slot, or retires; the last one to retire starts the final watch. */
    private void nextSlot(Instant at) {
        if (done) return;
        List<Task> slot = queue.poll();
        if (slot == null) {
            if (--workers == 0) watchLastTasks(at);
            return;
        }
        try {
            replace(slot, at);
        } catch (RuntimeException e) {
            LOG.warn(
                    "update of service {}: slot {} failed: {}",
                    service.id(),
                    slot.get(0).slotNumber(),
                    e.toString());
            slotDone(at);
        }
    }

    private void watchLastTasks(Instant at) {
        // With a Delay at least as long as Monitor, watch a little past the delay so late failures count.
        Duration period = delay.compareTo(monitor) >= 0 ? delay.plusSeconds(1) : monitor;
        Instant end = at.plus(period);
        timers.add(wakeups.at(end, () -> {
            if (done) return;
            statuses.complete(service.id(), end);
            finish();
        }));
    }

    private void replace(List<Task> slot, Instant at) {
        Task runningClean = null;
        Task parkedClean = null;
        for (Task t : slot) {
            if (isTaskDirty(t)) continue;
            if (t.desiredState() == TaskState.RUNNING) runningClean = t;
            else if (t.desiredState().compareTo(TaskState.RUNNING) < 0) parkedClean = t;
        }
        Task keep = runningClean != null ? runningClean : parkedClean;
        if (keep != null) {
            useExisting(slot, keep, at);
            slotDone(at);
            return;
        }
        boolean startFirst = UpdateConfig.START_FIRST.equals(config.order());
        Task fresh = ServiceModes.isGlobal(service)
                ? TaskFactory.forNode(cluster, service, slot.get(0).nodeID(), at)
                : TaskFactory.forSlot(cluster, service, slot.get(0).slotNumber(), at);
        // stop-first parks the new task in READY until the old one stopped; start-first starts it at once.
        Task newTask = startFirst ? fresh : fresh.withDesiredState(TaskState.READY);
        Task[] stopped = new Task[1];
        store.update(tx -> {
            if (tx.services().get(service.id()) == null) throw new IllegalStateException("service was deleted");
            tx.create(newTask);
            stopped[0] = startFirst ? null : shutDown(tx, slot);
        });
        created.put(newTask.id(), null);
        replacing.put(newTask.id(), new SlotReplacement(slot, startFirst));
        if (!startFirst) restarts.delayStart(stopped[0], newTask.id(), at, true);
    }

    /** A task with the new spec is already in the slot: keep it, shut the others down, start it if parked. */
    private void useExisting(List<Task> slot, Task keep, Instant at) {
        List<Task> others = slot.stream().filter(t -> !t.id().equals(keep.id())).toList();
        if (others.isEmpty() && keep.desiredState() == TaskState.RUNNING) return;
        Task[] stopped = new Task[1];
        store.update(tx -> stopped[0] = shutDown(tx, others));
        if (keep.desiredState() != TaskState.RUNNING) restarts.delayStart(stopped[0], keep.id(), at, true);
    }

    /** Sets desired SHUTDOWN on the tasks still meant to run; returns one of them (or null). */
    private static Task shutDown(Tx tx, List<Task> tasks) {
        Task any = null;
        for (Task original : tasks) {
            Task t = tx.tasks().get(original.id());
            if (t == null || !TaskFactory.isRunnable(t)) continue;
            tx.update(t.withDesiredState(TaskState.SHUTDOWN));
            any = t;
        }
        return any;
    }

    private void slotDone(Instant at) {
        if (done) return;
        if (delay.isZero()) {
            nextSlot(at);
        } else {
            Instant next = at.plus(delay);
            timers.add(wakeups.at(next, () -> nextSlot(next)));
        }
    }

    /** Called by the owning loop for every committed change of one of this service's tasks. */
    void observe(Task t, boolean deleted) {
        if (done) return;
        Instant at = t.updatedAt() != null ? t.updatedAt() : wakeups.now();
        SlotReplacement r = replacing.get(t.id());
        if (r != null) progress(t, r, deleted, at);
        if (!deleted && TaskFactory.hasStopped(t) && !UpdateConfig.CONTINUE.equals(config.failureAction())) {
            checkFailure(t, at);
        }
    }

    private void progress(Task t, SlotReplacement r, boolean deleted, Instant at) {
        boolean reached = !deleted && t.state().isAtLeast(TaskState.RUNNING);
        boolean abandoned = deleted || (!TaskFactory.isRunnable(t) && !reached);
        if (!reached && !abandoned) return;
        replacing.remove(t.id());
        if (reached) created.put(t.id(), at);
        if (reached && r.startFirst() && t.state() == TaskState.RUNNING) {
            store.batch(tx -> shutDown(tx, r.oldTasks()));
        }
        slotDone(at);
    }

    private void checkFailure(Task t, Instant at) {
        if (failed.contains(t.id()) || !created.containsKey(t.id())) return;
        Instant startedAt = created.get(t.id());
        if (startedAt != null && at.isAfter(startedAt.plus(monitor))) return;
        failed.add(t.id());
        if ((double) failed.size() / dirtySlots <= config.maxFailureRatio()) return;
        String task = t.id();
        if (!UpdateConfig.ROLLBACK.equals(config.failureAction())) {
            statuses.pause(service.id(), "update paused due to failure or early termination of task " + task);
        } else if (rollback) {
            // Never roll back a rollback: a failing rollback pauses.
            statuses.pause(service.id(), "rollback paused due to failure or early termination of task " + task);
        } else {
            statuses.rollback(service.id(), "update rolled back due to failure or early termination of task " + task);
        }
        finish();
    }

    private boolean isSlotDirty(List<Task> slot) {
        return slot.size() > 1 || (slot.size() == 1 && isTaskDirty(slot.get(0)));
    }

    private boolean isTaskDirty(Task t) {
        Node node = t.nodeID() == null ? null : store.view(tx -> tx.nodes().get(t.nodeID()));
        return TaskFactory.isTaskDirty(service, t, node, eligibility);
    }
}
