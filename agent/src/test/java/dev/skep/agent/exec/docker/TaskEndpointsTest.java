package dev.skep.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.agent.TestTasks;
import dev.skep.api.json.Json;
import dev.skep.api.model.Network;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskEndpointsTest {
    private static final Network APPNET = network("{\"ID\":\"appnetid\",\"Spec\":{\"Name\":\"coins_default\"}}");
    private static final Network OTHER = network("{\"ID\":\"otherid\",\"Spec\":{\"Name\":\"other\"}}");

    @Test
    void aTaskAnswersToItsServiceNameTasksNameAndTheAliasesItsServiceAsksForOnThatNetwork() {
        Task task = TestTasks.task(
                "n",
                "coins_rng",
                1,
                "{\"ContainerSpec\":{\"Image\":\"i\"},\"Networks\":["
                        + "{\"Target\":\"coins_default\",\"Aliases\":[\"rng\"]},{\"Target\":\"otherid\",\"Aliases\":[\"r2\"]}]}",
                TaskState.RUNNING);

        assertThat(TaskEndpoints.names(task, APPNET)).containsExactly("coins_rng", "tasks.coins_rng", "rng");
        assertThat(TaskEndpoints.names(task, OTHER)).containsExactly("coins_rng", "tasks.coins_rng", "r2");
    }

    @Test
    void aTaskWithoutAliasesAnswersToItsServiceNames() {
        Task task = TestTasks.task("n", "web", 1, "{\"ContainerSpec\":{\"Image\":\"i\"}}", TaskState.RUNNING);

        assertThat(TaskEndpoints.names(task, APPNET)).containsExactly("web", "tasks.web");
    }

    private static Network network(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Network.class);
    }
}
