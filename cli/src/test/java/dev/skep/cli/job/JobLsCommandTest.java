package dev.skep.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLsCommandTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:02:00Z");

    private static Service job(String name, String schedule, long iteration, Instant last) {
        ServiceSpec spec = new ServiceSpec(
                name,
                schedule == null ? Map.of() : Map.of(JobCreateCommand.LABEL, schedule),
                null,
                new ServiceMode(null, null, new ServiceMode.ReplicatedJob(2L, 3L), null),
                null,
                null,
                null,
                null);
        return new Service(
                "id-" + name + "-0123456789",
                null,
                null,
                null,
                spec,
                null,
                null,
                null,
                null,
                new Service.JobStatus(Version.of(iteration), last));
    }

    private static Task task(long slot, TaskState state, TaskState desired, long iteration) {
        return new Task(
                "t" + slot + state,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "s",
                slot,
                "n1",
                TaskStatus.of(NOW, state, state.wire()),
                desired,
                null,
                Version.of(iteration));
    }

    @Test
    void nextRunFollowsTheLastRun() {
        assertThat(JobLsCommand.nextRun("*/5 * * * *", Instant.parse("2026-01-01T10:00:00Z"), NOW))
                .isEqualTo("2026-01-01 10:05 UTC (in 3 minutes)");
        assertThat(JobLsCommand.nextRun("*/5 * * * *", Instant.parse("2026-01-01T09:00:00Z"), NOW))
                .isEqualTo("now");
        assertThat(JobLsCommand.nextRun(null, NOW, NOW)).isEqualTo("-");
    }

    @Test
    void resultSumsUpTheCurrentIteration() {
        Service s = job("backup", "*/5 * * * *", 1, NOW);
        List<Task> tasks = new ArrayList<>(List.of(
                task(0, TaskState.COMPLETE, TaskState.COMPLETE, 0),
                task(0, TaskState.COMPLETE, TaskState.COMPLETE, 1),
                task(1, TaskState.RUNNING, TaskState.COMPLETE, 1)));
        assertThat(JobLsCommand.result(s, tasks)).isEqualTo("running (1/3 completed)");
        tasks.set(2, task(1, TaskState.COMPLETE, TaskState.COMPLETE, 1));
        tasks.add(task(2, TaskState.COMPLETE, TaskState.COMPLETE, 1));
        assertThat(JobLsCommand.result(s, tasks)).isEqualTo("completed (3/3)");
        tasks.set(3, task(2, TaskState.FAILED, TaskState.SHUTDOWN, 1));
        assertThat(JobLsCommand.result(s, tasks)).isEqualTo("failed (2/3 completed)");
    }

    @Test
    void rendersOneRowPerJob() {
        String table = JobLsCommand.render(
                        List.of(
                                job("backup", "*/5 * * * *", 0, Instant.parse("2026-01-01T10:00:00Z")),
                                job("once", null, 0, Instant.parse("2026-01-01T10:00:00Z"))),
                        Map.of(),
                        NOW)
                .render();
        assertThat(table.lines().toList()).hasSize(3);
        assertThat(table.lines().findFirst().orElseThrow())
                .contains("NAME", "SCHEDULE", "LAST RUN", "NEXT RUN", "LAST RESULT");
        assertThat(table)
                .contains("backup", "*/5 * * * *", "2 minutes ago", "2026-01-01 10:05 UTC", "running (0/3 completed)");
    }
}
