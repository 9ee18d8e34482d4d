package dev.skep.cli.service.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressRenderingTest {
    private static final String FULL = "[==================================================>]";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    static Service service(ServiceMode mode) {
        ServiceSpec spec = new ServiceSpec("web", null, null, mode, null, null, null, null);
        return new Service("svc1", null, null, null, spec, null, null, null, null, null);
    }

    static Task task(String id, long slot, String node, TaskState state, TaskState desired, String err) {
        return new Task(
                id,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "svc1",
                slot,
                node,
                new TaskStatus(null, state, null, err, null, null),
                desired,
                null,
                null);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void replicatedServicePrintsOneLinePerSlotWhenPlain() {
        ReplicatedProgress p = new ReplicatedProgress(new PlainProgressWriter(out));
        Service s = service(ServiceMode.ofReplicated(2));
        boolean converged = p.update(
                s,
                List.of(
                        task("t1", 1, "n1", TaskState.RUNNING, TaskState.RUNNING, null),
                        task("t2", 2, "n1", TaskState.PREPARING, TaskState.RUNNING, null)),
                Set.of("n1"),
                false);
        assertThat(converged).isFalse();
        converged = p.update(
                s,
                List.of(
                        task("t1", 1, "n1", TaskState.RUNNING, TaskState.RUNNING, null),
                        task("t2", 2, "n1", TaskState.RUNNING, TaskState.RUNNING, null)),
                Set.of("n1"),
                false);
        assertThat(converged).isTrue();
        assertThat(text()).isEqualTo("""
                overall progress: 0 out of 2 tasks
                1/2:
                2/2:
                1/2: running   %s
                2/2: preparing %s
                overall progress: 1 out of 2 tasks
                2/2: running   %s
                overall progress: 2 out of 2 tasks
                """.formatted(FULL, "[" + "=".repeat(33) + ">" + " ".repeat(17) + "]", FULL));
    }

    @Test
    void showsATaskErrorAndPrefersTheLowestDesiredState() {
        ReplicatedProgress p = new ReplicatedProgress(new PlainProgressWriter(out));
        p.update(
                service(ServiceMode.ofReplicated(1)),
                List.of(
                        task(
                                "old",
                                1,
                                "n1",
                                TaskState.FAILED,
                                TaskState.SHUTDOWN,
                                "starting container failed: no such image"),
                        task(
                                "new",
                                1,
                                "n1",
                                TaskState.FAILED,
                                TaskState.RUNNING,
                                "starting container failed: no such image")),
                Set.of("n1"),
                false);
        assertThat(text()).contains("1/1: starting container failed: no such image\n");
    }

    @Test
    void globalServiceHasALinePerNode() {
        GlobalProgress p = new GlobalProgress(new PlainProgressWriter(out));
        Service s = service(ServiceMode.ofGlobal());
        assertThat(p.update(s, List.of(), Set.of("node-a"), false)).isFalse();
        boolean converged = p.update(
                s,
                List.of(task("t1", 0, "node-a-0123456789", TaskState.RUNNING, TaskState.RUNNING, null)),
                Set.of("node-a-0123456789"),
                false);
        assertThat(converged).isTrue();
        assertThat(text()).isEqualTo("""
                overall progress: waiting for new tasks
                overall progress: 0 out of 1 tasks
                node-a-01234: running   %s
                overall progress: 1 out of 1 tasks
                """.formatted(FULL));
    }

    @Test
    void terminalWriterRedrawsLinesInPlace() {
        TerminalProgressWriter w = new TerminalProgressWriter(out);
        w.progress("overall progress", "0 out of 1 tasks", 0, 0);
        w.progress("1/1", "running  ", 9, 9);
        w.progress("overall progress", "1 out of 1 tasks", 0, 0);
        String esc = "\u001b[";
        assertThat(text())
                .isEqualTo("\n" + esc + "1A" + esc + "2K\roverall progress: 0 out of 1 tasks \r" + esc + "1B"
                        + "\n" + esc + "1A" + esc + "2K\r1/1: running   " + FULL + " \r" + esc + "1B"
                        + esc + "2A" + esc + "2K\roverall progress: 1 out of 1 tasks \r" + esc + "2B");
    }

    @Test
    void rollbackIsNamedInOverallProgress() {
        ReplicatedProgress p = new ReplicatedProgress(new PlainProgressWriter(out));
        p.update(service(ServiceMode.ofReplicated(1)), List.of(), Set.of(), true);
        assertThat(text()).startsWith("overall progress: rolling back update: 0 out of 1 tasks\n");
    }
}
