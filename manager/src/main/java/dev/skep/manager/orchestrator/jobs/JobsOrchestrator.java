package dev.skep.manager.orchestrator.jobs;

import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.manager.orchestrator.ConstraintEligibility;
import dev.skep.manager.orchestrator.NodeEligibility;
import dev.skep.manager.orchestrator.ServiceTasks;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs replicated-job and global-job services (SwarmKit's {@code orchestrator/jobs}, API 1.41). The other
 * orchestrators, the restart supervisor included, leave job services alone; this loop owns their tasks.
 *
 * <p>A job service is reconciled whenever it is created or updated (an update bumps
 * {@code JobStatus.JobIteration} in the control API, and the cron scheduler does the same: a new iteration
 * runs from scratch and the old one's running tasks are removed), when one of its tasks stops, when a
 * node changes, and when a failed task's restart delay has passed. Everything it decides is computed from
 * the store ({@link JobSlot}); the only memory it keeps are timer wake-ups, rebuilt on start.
 */
public final class JobsOrchestrator extends EventLoop {
    private final NodeEligibility eligibility;
    private final Set<String> toReconcile = new LinkedHashSet<>();
    private final Map<String, Timer.Cancellable> wakeups = new HashMap<>();
    private boolean allGlobalJobs;

    public JobsOrchestrator(MemoryStore store, Timer timer) {
        this(store, timer, new ConstraintEligibility());
    }

    public JobsOrchestrator(MemoryStore store, Timer timer, NodeEligibility eligibility) {
        super("jobs-orchestrator", store, timer);
        this.eligibility = eligibility;
    }

    @Override
    protected boolean interestedIn(Event e) {
        return switch (e.kind()) {
            case SERVICE, NODE -> true;
            // Only job tasks carry a JobIteration; their stops are what move a job on.
            case TASK -> e.after() != null && ((Task) e.after()).jobIteration() != null;
            default -> false;
        };
    }

    @Override
    protected void load(ReadTx tx) {
        wakeups.values().forEach(Timer.Cancellable::cancel);
        wakeups.clear();
        toReconcile.clear();
        for (Service s : tx.services().all()) if (JobTasks.isJob(s)) toReconcile.add(s.id());
    }

    @Override
    protected void reconcileAll() {
        // tick() runs next and reconciles what load() queued.
    }

    @Override
    protected void handle(Event e) {
        switch (e.kind()) {
            case SERVICE -> serviceChanged(e);
            case NODE -> allGlobalJobs = true;
            case TASK -> {
                Task t = (Task) e.after();
                if (!JobTasks.live(t)) toReconcile.add(t.serviceID());
            }
            default -> {}
        }
    }

    private void serviceChanged(Event e) {
        if (e.action() == Event.Action.DELETE) {
            Service gone = (Service) e.before();
            if (JobTasks.isJob(gone)) ServiceTasks.remove(store, store.view(tx -> tx.tasksOfService(gone.id())));
            return;
        }
        if (JobTasks.isJob((Service) e.after())) toReconcile.add(e.after().id());
    }

    @Override
    protected void tick() {
        if (allGlobalJobs) {
            allGlobalJobs = false;
            // A node change can also strand replicated-job tasks on a node that went down: look at every job.
            store.view(tx -> tx.services().all()).stream()
                    .filter(JobTasks::isJob)
                    .forEach(s -> toReconcile.add(s.id()));
        }
        for (String id : List.copyOf(toReconcile)) {
            toReconcile.remove(id);
            reconcile(id);
        }
    }

    private void reconcile(String serviceId) {
        Service[] service = new Service[1];
        List<Node> nodes = new ArrayList<>();
        List<Task> tasks = store.view(tx -> {
            service[0] = tx.services().get(serviceId);
            nodes.addAll(tx.nodes().all());
            return tx.tasksOfService(serviceId);
        });
        Service s = service[0];
        if (!JobTasks.isJob(s)) return;
        Instant now = now();
        JobPlan plan;
        if (JobTasks.isReplicatedJob(s)) {
            Map<String, Node> byId = new HashMap<>();
            for (Node n : nodes) byId.put(n.id(), n);
            plan = ReplicatedJobReconciler.plan(s, tasks, byId::get, now);
        } else {
            plan = GlobalJobReconciler.plan(s, tasks, nodes, eligibility, now);
        }
        plan.apply(store, s, now);
        plan.wakeAt.forEach((taskId, when) -> wakeUp(serviceId, taskId, when));
    }

    /** Reconciles the service again when a failed task's restart delay ends (once per task). */
    private void wakeUp(String serviceId, String taskId, Instant when) {
        if (wakeups.containsKey(taskId)) return;
        wakeups.put(taskId, at(when, () -> {
            wakeups.remove(taskId);
            toReconcile.add(serviceId);
        }));
    }
}
