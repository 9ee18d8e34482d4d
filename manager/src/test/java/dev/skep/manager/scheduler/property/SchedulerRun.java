package dev.skep.manager.scheduler.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.manager.scheduler.Harness;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the scheduler's planning on the test's thread ({@link Harness}, after Nomad's): nodes and the early services
 * go in first, the late ones once the first plans are written. At the end every task must be decided, ASSIGNED or
 * PENDING with an explanation: a task the scheduler left alone fails the run at once.
 */
final class SchedulerRun {
    private SchedulerRun() {}

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

    /** Schedules each phase's objects after the previous phase's; returns every task as the store holds it. */
    static List<Task> run(List<List<StoredObject>> phases) {
        List<Task> tasks;
        try (Harness harness = new Harness()) {
            for (List<StoredObject> phase : phases) harness.put(phase).schedule();
            tasks = harness.tasks();
        }
        assertThat(tasks).as("tasks the scheduler left undecided").allMatch(SchedulerRun::decided);
        return tasks;
    }

    /** The scheduler made its decision: placed it, or explained why not. */
    private static boolean decided(Task t) {
        if (t.state() == TaskState.ASSIGNED) return t.nodeID() != null;
        return t.state() == TaskState.PENDING && t.status().err() != null;
    }
}
