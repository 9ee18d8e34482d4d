package dev.skep.manager.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Ids;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.Version;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.jobs.JobsOrchestrator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CronSchedulerTest {
    private final Fixture f = new Fixture();

    @BeforeEach
    void startAtARoundTime() {
        // Move the manual clock to the next whole hour, so five-minute marks fall on known offsets.
        Instant now = f.timer.now();
        Instant hour = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
        f.timer.advance(Duration.between(now, hour));
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Service cronJob(String schedule) {
        ServiceSpec spec = new ServiceSpec(
                "backup",
                Map.of(CronLabel.LABEL, schedule),
                Fixture.spec("backup", null, "busybox:1", null, null, null).taskTemplate(),
                new ServiceMode(null, null, new ServiceMode.ReplicatedJob(1L, 1L), null),
                null,
                null,
                null,
                null);
        Service s = new Service(
                Ids.newId(),
                null,
                null,
                null,
                spec,
                null,
                null,
                null,
                null,
                new Service.JobStatus(Version.of(0), f.timer.now()));
        f.store.update(tx -> tx.create(s));
        f.awaitIdle();
        return f.service(s.id());
    }

    private long iteration(String serviceId) {
        return f.service(serviceId).jobStatus().jobIteration().value();
    }

    /** Plays scheduler and agent: every task of the job that should run, runs and exits 0. */
    private void completeAll(String serviceId) {
        for (Task t : live(serviceId)) {
            f.run(t.id(), "n1");
            f.setState(t.id(), TaskState.COMPLETE, 0L);
        }
    }

    private List<Task> live(String serviceId) {
        return f.tasks(
                serviceId,
                t -> t.desiredState() == TaskState.COMPLETE && !t.state().isTerminal());
    }

    @Test
    void startsANewIterationAtEachDueTime() {
        Instant start = f.timer.now();
        f.start(new CronScheduler(f.store, f.timer));
        Service s = cronJob("*/5 * * * *");
        completeAll(s.id());

        f.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(iteration(s.id())).isZero();
        f.advance(Duration.ofSeconds(1));
        assertThat(iteration(s.id())).isEqualTo(1);
        assertThat(f.service(s.id()).jobStatus().lastExecution()).isEqualTo(start.plus(Duration.ofMinutes(5)));
        // The orchestrator runs the new iteration.
        assertThat(live(s.id())).hasSize(1).allMatch(t -> t.jobIteration().equals(Version.of(1)));

        completeAll(s.id());
        f.advance(Duration.ofMinutes(5));
        assertThat(iteration(s.id())).isEqualTo(2);
    }

    @Test
    void skipsARunWhileThePreviousIterationStillRuns() {
        Instant start = f.timer.now();
        f.start(new CronScheduler(f.store, f.timer));
        Service s = cronJob("*/5 * * * *");
        Task running = live(s.id()).get(0);
        f.run(running.id(), "n1");

        f.advance(Duration.ofMinutes(5));
        assertThat(iteration(s.id())).as("skipped").isZero();
        assertThat(f.task(running.id()).desiredState()).isEqualTo(TaskState.COMPLETE);

        f.setState(running.id(), TaskState.COMPLETE, 0L);
        // Finished now, but the next run is the next due time, not at once.
        f.advance(Duration.ofMinutes(4));
        assertThat(iteration(s.id())).isZero();
        f.advance(Duration.ofMinutes(1));
        assertThat(iteration(s.id())).isEqualTo(1);
        assertThat(f.service(s.id()).jobStatus().lastExecution()).isEqualTo(start.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aNewLeaderComputesTheNextRunFromTheStore() {
        Instant start = f.timer.now();
        CronScheduler first = f.start(new CronScheduler(f.store, f.timer));
        Service s = cronJob("0 * * * *");
        completeAll(s.id());
        first.stop();

        // No leader while the run at start+1h was due: it happens once, when the next leader starts.
        f.advance(Duration.ofMinutes(150));
        assertThat(iteration(s.id())).isZero();
        f.start(new CronScheduler(f.store, f.timer));
        assertThat(iteration(s.id())).isEqualTo(1);
        completeAll(s.id());

        f.advance(Duration.ofMinutes(29));
        assertThat(iteration(s.id())).isEqualTo(1);
        f.advance(Duration.ofMinutes(1));
        assertThat(iteration(s.id())).isEqualTo(2);
        assertThat(f.service(s.id()).jobStatus().lastExecution()).isEqualTo(start.plus(Duration.ofHours(3)));
    }

    @Test
    void removingTheLabelStopsTheSchedule() {
        f.start(new CronScheduler(f.store, f.timer));
        Service s = cronJob("*/5 * * * *");
        completeAll(s.id());
        f.store.update(tx -> {
            Service cur = tx.services().get(s.id());
            tx.update(cur.withSpec(
                    new ServiceSpec(
                            cur.spec().name(),
                            Map.of(),
                            cur.spec().taskTemplate(),
                            cur.spec().mode(),
                            null,
                            null,
                            null,
                            null),
                    cur.spec()));
        });
        f.advance(Duration.ofMinutes(30));
        assertThat(iteration(s.id())).isZero();
    }

    @Test
    void servicesThatAreNotJobsAreNeverRun() {
        f.start(new CronScheduler(f.store, f.timer));
        Service web = f.create(new ServiceSpec(
                "web",
                Map.of(CronLabel.LABEL, "* * * * *"),
                Fixture.replicated("web", 1).taskTemplate(),
                ServiceMode.ofReplicated(1),
                null,
                null,
                null,
                null));
        f.advance(Duration.ofMinutes(3));
        assertThat(f.service(web.id()).jobStatus()).isNull();
    }
}
