package dev.skep.manager.cron;

import dev.skep.api.cron.CronSchedule;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.Version;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.manager.orchestrator.jobs.JobProgress;
import dev.skep.manager.orchestrator.jobs.JobTasks;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cron jobs, which Swarm lacks (moby#23880): a replicated-job or global-job service labelled
 * {@value CronLabel#LABEL} is run again at each time its schedule names, by starting a new job iteration —
 * the same write the control API makes when a job is updated ({@code JobStatus.JobIteration} + 1,
 * {@code LastExecution} = now); the jobs orchestrator then runs the iteration.
 *
 * <p>If the previous iteration is still running at a due time, that run is skipped and logged (at INFO),
 * and the next due time is taken from the skipped one. Nothing else is kept: the next due time is computed
 * from the schedule and {@code JobStatus.LastExecution}, so a new leader carries on from the store. A due
 * time missed while no leader ran fires once, at once, when the loop starts (no matter how many were
 * missed). Creating a job service runs it once at once, as for any Swarm job; the schedule repeats it.
 */
public final class CronScheduler extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    /** A service's armed due time. */
    private record Armed(String schedule, Instant due, Timer.Cancellable timer) {}

    private final Set<String> toPlan = new LinkedHashSet<>();
    private final Map<String, Armed> armed = new HashMap<>();
    /** The last due time skipped per service: the next one comes after it, not after LastExecution. */
    private final Map<String, Instant> skipped = new HashMap<>();

    public CronScheduler(MemoryStore store, Timer timer) {
        super("cron-scheduler", store, timer);
    }

    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() == Kind.SERVICE;
    }

    @Override
    protected void load(ReadTx tx) {
        armed.values().forEach(a -> a.timer().cancel());
        armed.clear();
        skipped.clear();
        toPlan.clear();
        for (Service s : tx.services().all()) toPlan.add(s.id());
    }

    @Override
    protected void reconcileAll() {
        // tick() runs next and arms what load() found.
    }

    @Override
    protected void handle(Event e) {
        toPlan.add(e.object().id());
    }

    @Override
    protected void tick() {
        for (String id : List.copyOf(toPlan)) {
            toPlan.remove(id);
            plan(id);
        }
    }

    /** Arms the service's next due time, or disarms it if it is gone or no longer on a schedule. */
    private void plan(String serviceId) {
        Service s = store.view(tx -> tx.services().get(serviceId));
        Optional<CronSchedule> schedule = s != null && JobTasks.isJob(s) ? CronLabel.of(s.spec()) : Optional.empty();
        if (schedule.isEmpty()) {
            disarm(serviceId);
            skipped.remove(serviceId);
            return;
        }
        Optional<Instant> due = schedule.get().next(base(s));
        Armed current = armed.get(serviceId);
        String text = schedule.get().toString();
        if (current != null
                && current.schedule().equals(text)
                && due.isPresent()
                && current.due().equals(due.get())) {
            return;
        }
        disarm(serviceId);
        due.ifPresent(when -> armed.put(serviceId, new Armed(text, when, at(when, () -> fire(serviceId, when)))));
    }

    /** Due times follow the last run, or the last skipped due time if that is later. */
    private Instant base(Service s) {
        Instant last = s.jobStatus() != null && s.jobStatus().lastExecution() != null
                ? s.jobStatus().lastExecution()
                : s.createdAt() != null ? s.createdAt() : now();
        Instant skip = skipped.get(s.id());
        return skip != null && skip.isAfter(last) ? skip : last;
    }

    private void disarm(String serviceId) {
        Armed a = armed.remove(serviceId);
        if (a != null) a.timer().cancel();
    }

    private void fire(String serviceId, Instant due) {
        armed.remove(serviceId);
        Service[] service = new Service[1];
        List<Task> tasks = store.view(tx -> {
            service[0] = tx.services().get(serviceId);
            return tx.tasksOfService(serviceId);
        });
        Service s = service[0];
        if (s == null || !JobTasks.isJob(s) || CronLabel.of(s.spec()).isEmpty()) return;
        if (!JobProgress.finished(s, tasks)) {
            LOG.info(
                    "cron: skipping the run of job {} due at {}: iteration {} is still running",
                    s.name(),
                    due,
                    JobTasks.iteration(s));
            skipped.put(serviceId, due);
            toPlan.add(serviceId);
            return;
        }
        // Never before the due time, so the next due time is the one after it even if the timer fired early.
        Instant at = now().isBefore(due) ? due : now();
        store.updateWithRetry(3, tx -> {
            Service cur = tx.services().get(serviceId);
            if (cur == null || !JobTasks.isJob(cur)) return;
            long next = JobTasks.iteration(cur) + 1;
            tx.update(cur.withJobStatus(new Service.JobStatus(Version.of(next), at)));
        });
        LOG.info("cron: started iteration {} of job {} (due {})", JobTasks.iteration(s) + 1, s.name(), due);
    }
}
