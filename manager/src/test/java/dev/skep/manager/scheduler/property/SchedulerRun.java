package dev.skep.manager.scheduler.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.manager.scheduler.Scheduler;
import dev.skep.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the real {@link Scheduler} loop on a {@link MemoryStore} (LocalProposer) with a {@link ManualTimer}:
 * nodes and the early services go in before start, the late ones once the loop is idle. When the loop is idle
 * again every task must be decided, ASSIGNED or PENDING with an explanation: a task the scheduler left alone
 * fails the run at once instead of being waited for.
 */
final class SchedulerRun {
    private SchedulerRun() {
    }

    /** Every task of the cluster as the store holds it after scheduling. */
    static List<Task> run(ClusterShape cluster) {
        List<StoredObject> early = new ArrayList<>();
        List<StoredObject> late = new ArrayList<>();
        for (ClusterShape.NodeShape n : cluster.nodes()) early.add(n.toNode());
        for (ClusterShape.ServiceShape s : cluster.services()) {
            List<StoredObject> batch = s.late() ? late : early;
            batch.add(s.toService());
            batch.addAll(s.pendingTasks());
        }
        return run(List.of(early, late));
    }

    /**
     * Creates the first phase's objects, starts the scheduler, and then each further phase once the
     * previous one settled; returns every task as the store holds it at the end.
     */
    static List<Task> run(List<List<StoredObject>> phases) {
        ManualTimer timer = new ManualTimer();
        MemoryStore store = new MemoryStore(timer.clock());
        Scheduler scheduler = new Scheduler(store, timer);
        try {
            for (int i = 0; i < phases.size(); i++) {
                if (!phases.get(i).isEmpty()) put(store, phases.get(i));
                if (i == 0) scheduler.start();
                Idle.await(scheduler);
            }
        } finally {
            scheduler.stop();
        }
        List<Task> tasks = store.view(tx -> tx.tasks().all());
        assertThat(tasks).as("tasks the idle scheduler left undecided").allMatch(SchedulerRun::decided);
        return tasks;
    }

    private static void put(MemoryStore store, List<StoredObject> objects) {
        store.update(tx -> {
            for (StoredObject o : objects) tx.create(o);
        });
    }

    /** The scheduler made its decision: placed it, or explained why not. */
    private static boolean decided(Task t) {
        if (t.state() == TaskState.ASSIGNED) return t.nodeID() != null;
        return t.state() == TaskState.PENDING && t.status().err() != null;
    }
}
