package dev.skep.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.agent.TestTasks;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmLabelsTest {
    @Test
    void replicatedTasksAreNamedBySlotAndGlobalTasksByNode() {
        Task replicated =
                TestTasks.task("node-a", "web", 3, "{\"ContainerSpec\":{\"Image\":\"i\"}}", TaskState.RUNNING);
        Task global = TestTasks.task("node-a", "mon", 0, "{\"ContainerSpec\":{\"Image\":\"i\"}}", TaskState.RUNNING);
        assertThat(SwarmLabels.taskName(replicated)).isEqualTo("web.3." + replicated.id());
        assertThat(SwarmLabels.taskName(global)).isEqualTo("mon.node-a." + global.id());
    }

    @Test
    void serviceNameComesFromAFullTaskNameWhenThereIsNoLabel() {
        Task base = TestTasks.task("n", "x", 2, "{\"ContainerSpec\":{\"Image\":\"i\"}}", TaskState.RUNNING);
        Task named = new Task(
                base.id(),
                null,
                null,
                null,
                "api.v2.2." + base.id(),
                null,
                base.spec(),
                null,
                "sid",
                2L,
                "n",
                base.status(),
                TaskState.RUNNING,
                null,
                null);
        assertThat(SwarmLabels.serviceName(named)).isEqualTo("api.v2");
        assertThat(SwarmLabels.taskName(named)).isEqualTo("api.v2.2." + base.id());
    }

    @Test
    void containerSpecLabelsCannotOverrideSwarmLabels() {
        Task t = TestTasks.task(
                "n",
                "web",
                1,
                "{\"ContainerSpec\":{\"Image\":\"i\",\"Labels\":{\"com.docker.swarm.task.id\":\"forged\",\"a\":\"b\"}}}",
                TaskState.RUNNING);
        assertThat(SwarmLabels.containerLabels(t))
                .containsEntry(SwarmLabels.TASK_ID, t.id())
                .containsEntry("a", "b");
    }

    @Test
    void hostsEntriesBecomeExtraHostsPerName() {
        assertThat(ContainerConfig.extraHosts(List.of("10.0.0.1 db db.local", "bogus")))
                .containsExactly("db:10.0.0.1", "db.local:10.0.0.1");
    }
}
