package dev.skep.manager;

import dev.skep.api.time.Timer;
import dev.skep.manager.allocator.Allocator;
import dev.skep.manager.cron.CronScheduler;
import dev.skep.manager.dispatcher.DispatcherService;
import dev.skep.manager.dispatcher.OrphanedTasks;
import dev.skep.manager.orchestrator.global.GlobalOrchestrator;
import dev.skep.manager.orchestrator.jobs.JobsOrchestrator;
import dev.skep.manager.orchestrator.replicated.ReplicatedOrchestrator;
import dev.skep.manager.scheduler.Scheduler;
import dev.skep.manager.taskreaper.TaskReaper;
import dev.skep.store.MemoryStore;
import java.util.List;

/**
 * The leader's control loops over one store, in pipeline order: the dispatcher (agents' sessions),
 * orchestrators (create and stop tasks; they own restarts and rolling updates), allocator (NEW → PENDING),
 * scheduler (PENDING → ASSIGNED), task reaper and the orphaning of long-down nodes' tasks. None calls another:
 * each is an {@link EventLoop} that watches the store and wakes on its own timers. The extra loops may be
 * {@link PeriodicLoop}s, for inputs the store does not hold.
 */
public final class Manager {
    private final DispatcherService dispatcher;
    private final List<Loop> loops;

    public Manager(MemoryStore store, Timer timer) {
        this(store, timer, List.of());
    }

    /** With extra loops that need more than the store, e.g. the manager status reporter (Raft's view). */
    public Manager(MemoryStore store, Timer timer, List<Loop> extra) {
        this.dispatcher = new DispatcherService(store, timer);
        List<Loop> all = new java.util.ArrayList<>(List.of(
                dispatcher,
                new ReplicatedOrchestrator(store, timer),
                new GlobalOrchestrator(store, timer),
                new JobsOrchestrator(store, timer),
                new dev.skep.manager.orchestrator.constraint.ConstraintEnforcer(store, timer),
                new CronScheduler(store, timer),
                new Allocator(store, timer),
                new Scheduler(store, timer),
                new TaskReaper(store, timer),
                new OrphanedTasks(store, timer),
                new dev.skep.manager.ca.RootRotationReconciler(store, timer)));
        all.addAll(extra);
        this.loops = List.copyOf(all);
    }

    public DispatcherService dispatcher() {
        return dispatcher;
    }

    public void start() {
        loops.forEach(Loop::start);
    }

    /** Stops the loops in reverse order, so nothing reacts to a loop that is already gone. */
    public void stop() {
        for (int i = loops.size() - 1; i >= 0; i--) loops.get(i).stop();
    }
}
