package dev.skep.manager.orchestrator.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.replicated.ReplicatedOrchestrator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restarts as the replicated orchestrator drives them; the test plays scheduler and agent. */
class RestartSupervisorTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private final Fixture f = new Fixture();

    @BeforeEach
    void start() {
        f.node("A");
        f.start(new ReplicatedOrchestrator(f.store, f.timer));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Service service(RestartPolicy policy) {
        Service s = f.create(Fixture.spec("web", ServiceMode.ofReplicated(1), "busybox:1", policy, null, null));
        f.runAll(s.id(), "A");
        return s;
    }

    private Task only(List<Task> tasks) {
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    @Test
    void aFailedTaskIsReplacedInItsSlotAfterTheDefaultDelayAndNotBefore() {
        Service s = service(null);
        Task failed = only(f.tasks(s.id()));

        f.setState(failed.id(), TaskState.FAILED, 1L);

        assertThat(f.task(failed.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        Task replacement = only(f.runnable(s.id()));
        assertThat(replacement.slotNumber()).isEqualTo(1);
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofMillis(4_999));
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofMillis(1));
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void theConfiguredDelayApplies() {
        Service s = service(new RestartPolicy(RestartPolicy.ANY, 2 * SECOND, null, null));
        Task failed = only(f.tasks(s.id()));

        f.setState(failed.id(), TaskState.COMPLETE, 0L);

        Task replacement = only(f.runnable(s.id()));
        f.advance(Duration.ofMillis(1_999));
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofMillis(1));
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void onFailureDoesNotRestartATaskThatExitedZero() {
        Service s = service(new RestartPolicy(RestartPolicy.ON_FAILURE, 0L, null, null));
        Task done = only(f.tasks(s.id()));

        f.setState(done.id(), TaskState.COMPLETE, 0L);

        assertThat(f.task(done.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(f.tasks(s.id())).hasSize(1);
    }

    @Test
    void onFailureRestartsAFailedTask() {
        Service s = service(new RestartPolicy(RestartPolicy.ON_FAILURE, 0L, null, null));
        Task failed = only(f.tasks(s.id()));

        f.setState(failed.id(), TaskState.FAILED, 2L);

        Task replacement = only(f.runnable(s.id()));
        assertThat(replacement.desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void conditionNoneNeverRestarts() {
        Service s = service(new RestartPolicy(RestartPolicy.NONE, 0L, null, null));

        f.setState(only(f.tasks(s.id())).id(), TaskState.FAILED, 1L);

        assertThat(f.tasks(s.id())).hasSize(1);
        assertThat(f.runnable(s.id())).isEmpty();
    }

    @Test
    void maxAttemptsWithoutWindowCountsEveryRestartOfTheSlot() {
        Service s = service(new RestartPolicy(RestartPolicy.ANY, 0L, 2L, null));

        for (int i = 0; i < 2; i++) {
            f.setState(only(f.runnable(s.id())).id(), TaskState.FAILED, 1L);
            f.runAll(s.id(), "A");
        }
        f.setState(only(f.runnable(s.id())).id(), TaskState.FAILED, 1L);

        assertThat(f.tasks(s.id())).hasSize(3);
        assertThat(f.runnable(s.id())).isEmpty();
    }

    @Test
    void maxAttemptsWithinAWindowStopsRestartsInsideTheWindow() {
        Service s = service(new RestartPolicy(RestartPolicy.ANY, 0L, 1L, 60 * SECOND));

        f.setState(only(f.runnable(s.id())).id(), TaskState.FAILED, 1L);
        f.runAll(s.id(), "A");
        f.advance(Duration.ofSeconds(30));
        f.setState(only(f.runnable(s.id())).id(), TaskState.FAILED, 1L);

        assertThat(f.runnable(s.id())).isEmpty();
    }

    @Test
    void restartsOutsideTheWindowNoLongerCount() {
        Service s = service(new RestartPolicy(RestartPolicy.ANY, 0L, 1L, 60 * SECOND));

        f.setState(only(f.runnable(s.id())).id(), TaskState.FAILED, 1L);
        f.runAll(s.id(), "A");
        f.advance(Duration.ofSeconds(61));
        f.setState(only(f.runnable(s.id())).id(), TaskState.FAILED, 1L);

        assertThat(f.runnable(s.id())).hasSize(1);
        assertThat(f.tasks(s.id())).hasSize(3);
    }

    @Test
    void aReplacementThatFailsWhileParkedIsRestartedOnlyAfterItsOwnDelay() {
        Service s = service(null);
        f.setState(only(f.tasks(s.id())).id(), TaskState.FAILED, 1L);
        Task parked = only(f.runnable(s.id()));

        f.setState(parked.id(), TaskState.REJECTED); // e.g. the image pull failed while preparing

        assertThat(f.tasks(s.id())).hasSize(2);
        f.advance(Duration.ofSeconds(5));
        Task next = only(f.runnable(s.id()));
        assertThat(next.id()).isNotEqualTo(parked.id());
        assertThat(next.desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofSeconds(5));
        assertThat(f.task(next.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aNewLeaderStartsParkedReplacementsAtTheirOriginalDeadline() {
        Service s = service(null);
        f.setState(only(f.tasks(s.id())).id(), TaskState.FAILED, 1L);
        Task parked = only(f.runnable(s.id()));
        f.close();
        f.advance(Duration.ofSeconds(3));

        f.start(new ReplicatedOrchestrator(f.store, f.timer));

        assertThat(f.task(parked.id()).desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofSeconds(2));
        assertThat(f.task(parked.id()).desiredState()).isEqualTo(TaskState.RUNNING);
        assertThat(f.tasks(s.id())).hasSize(2);
    }
}
