package dev.skep.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.MemoryStore;
import org.junit.jupiter.api.Test;

/** Job services through the control API: Skep's labels are checked, and job status is counted as Docker shows it. */
class JobServicesApiTest {
    final ManualTimer timer = new ManualTimer();
    final MemoryStore store = new MemoryStore(timer.clock());
    final ServiceApi services = new ServiceApi(store);

    static ServiceSpec spec(String name, String mode, String labels) {
        return Json.read(
                ("{\"Name\":\"%s\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"}},"
                                + "\"Mode\":%s,\"Labels\":%s}")
                        .formatted(name, mode, labels),
                ServiceSpec.class);
    }

    static final String JOB = "{\"ReplicatedJob\":{\"MaxConcurrent\":2,\"TotalCompletions\":6}}";

    private static void assertInvalid(Runnable call, String... fragments) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    @Test
    void schedulingStrategyMustBeKnown() {
        services.create(
                spec("packed", "{\"Replicated\":{\"Replicas\":1}}", "{\"skep.scheduler.strategy\":\"binpack\"}"));
        services.create(
                spec("spread", "{\"Replicated\":{\"Replicas\":1}}", "{\"skep.scheduler.strategy\":\"spread\"}"));
        assertInvalid(
                () -> services.create(
                        spec("bad", "{\"Replicated\":{\"Replicas\":1}}", "{\"skep.scheduler.strategy\":\"random\"}")),
                "skep.scheduler.strategy",
                "random");
    }

    @Test
    void cronScheduleIsCheckedAndNamesTheBadField() {
        services.create(spec("nightly", JOB, "{\"skep.cron.schedule\":\"30 2 * * *\"}"));
        assertInvalid(
                () -> services.create(spec("bad", JOB, "{\"skep.cron.schedule\":\"*/5 * * 13 *\"}")),
                "skep.cron.schedule",
                "month: 13 is out of range 1-12");
        assertInvalid(
                () -> services.create(
                        spec("web", "{\"Replicated\":{\"Replicas\":1}}", "{\"skep.cron.schedule\":\"* * * * *\"}")),
                "only valid on replicated-job and global-job");
    }

    @Test
    void anUpdateWithABadScheduleIsRefused() {
        String id = services.create(spec("nightly", JOB, "{\"skep.cron.schedule\":\"30 2 * * *\"}"));
        long version = services.get(id, false).version().value();
        assertInvalid(
                () -> services.update(
                        id, version, spec("nightly", JOB, "{\"skep.cron.schedule\":\"61 * * * *\"}"), false),
                "minute: 61");
        assertThat(services.get(id, false).spec().labels()).containsEntry("skep.cron.schedule", "30 2 * * *");
    }

    @Test
    void replicatedJobStatusCountsRunningAndCompletedTasksOfTheCurrentIteration() {
        String id = services.create(spec("batch", JOB, "{}"));
        addTask(id, 0, TaskState.COMPLETE, 0);
        addTask(id, 1, TaskState.COMPLETE, 0);
        addTask(id, 2, TaskState.RUNNING, 0);
        addTask(id, 3, TaskState.RUNNING, 0);
        addTask(id, 0, TaskState.COMPLETE, -1); // not a task of this job's iteration
        Service listed = services.list(Filters.parse("{}"), true).get(0);
        // docker service ls: "2/2 (2/6 completed)"
        assertThat(listed.serviceStatus()).isEqualTo(new Service.ServiceStatus(2L, 2L, 2L));
    }

    private void addTask(String serviceId, long slot, TaskState state, long iteration) {
        Task t = new Task(
                Ids.newId(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                serviceId,
                slot,
                "n1",
                TaskStatus.of(timer.now(), state, state.wire()),
                TaskState.COMPLETE,
                null,
                iteration < 0 ? null : Version.of(iteration));
        store.update(tx -> tx.create(t));
    }
}
