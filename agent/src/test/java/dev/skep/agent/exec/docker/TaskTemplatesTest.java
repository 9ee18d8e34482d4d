package dev.skep.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import dev.skep.agent.TestTasks;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.Version;
import org.junit.jupiter.api.Test;

class TaskTemplatesTest {
    private static final String TEMPLATED = """
            {"ContainerSpec":{"Image":"i",
              "Command":["/bin/sh","-c","echo {{.Task.Slot}} {{ .Service.Name }}"],
              "Args":["--format","{{.Id}}","{{.Task.ID}}"],
              "Env":["SLOT={{.Task.Slot}}","NODE={{.Node.ID}}","{{.Task.Slot}}=name"],
              "Hostname":"{{.Service.Name}}-{{.Task.Slot}}",
              "Mounts":[{"Type":"bind","Source":"/data/{{.Task.Name}}","Target":"/out/{{.Task.Slot}}"}]}}""";

    @Test
    void expandsCommandArgsEnvHostnameAndMountsAndLeavesOtherTemplatesAlone() throws Exception {
        Task t = TestTasks.task("node-a", "web", 3, TEMPLATED, TaskState.RUNNING);
        CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(command -> null, null, "i");
        ContainerConfig.apply(cmd, t);
        assertThat(cmd.getEntrypoint()).containsExactly("/bin/sh", "-c", "echo 3 web");
        assertThat(cmd.getCmd()).containsExactly("--format", "{{.Id}}", t.id());
        assertThat(cmd.getEnv()).containsExactly("SLOT=3", "NODE=node-a", "{{.Task.Slot}}=name");
        assertThat(cmd.getHostName()).isEqualTo("web-3");
        var mount = cmd.getHostConfig().getMounts().get(0);
        assertThat(mount.getSource()).isEqualTo("/data/web.3." + t.id());
        assertThat(mount.getTarget()).isEqualTo("/out/3");
    }

    @Test
    void slotZeroIsTheNodeForGlobalTasksButZeroForJobTasks() {
        Task global = TestTasks.task("node-a", "mon", 0, TEMPLATED, TaskState.RUNNING);
        Task job = new Task(
                global.id(),
                null,
                null,
                null,
                null,
                global.labels(),
                global.spec(),
                null,
                global.serviceID(),
                0L,
                "node-a",
                global.status(),
                TaskState.COMPLETE,
                null,
                Version.of(1));
        assertThat(TaskTemplates.of(global).expand("p{{.Task.Slot}}")).isEqualTo("pnode-a");
        assertThat(TaskTemplates.of(job).expand("p{{.Task.Slot}}")).isEqualTo("p0");
    }
}
