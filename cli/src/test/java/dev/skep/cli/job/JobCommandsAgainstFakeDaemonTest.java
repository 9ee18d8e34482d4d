package dev.skep.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.stdcopy.StdCopy;
import dev.skep.cli.FakeDaemon;
import dev.skep.cli.job.submit.CondorProcess;
import dev.skep.cli.job.submit.StatusTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandsAgainstFakeDaemonTest {
    private static final String SERVICE = """
            {"ID":"svc1","CreatedAt":"2024-03-05T10:00:00Z",
             "Spec":{"Name":"condor-4","Labels":{"skep.condor.cluster":"4","skep.condor.submit":"job.sub"%s},
                     "Mode":{"ReplicatedJob":{"MaxConcurrent":2,"TotalCompletions":4}},
                     "TaskTemplate":{"ContainerSpec":{"Image":"busybox"}}}}""";
    private static final String TASK = """
            {"ID":"%s","ServiceID":"svc1","Slot":%d,"NodeID":"n1","CreatedAt":"2024-03-05T10:0%d:00Z",
             "Status":{"State":"%s","Timestamp":"2024-03-05T10:05:00Z","Err":"%s"%s}}""";

    @TempDir
    Path dir;

    private final FakeDaemon daemon = newDaemon();

    private static FakeDaemon newDaemon() {
        try {
            return new FakeDaemon();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private static String task(String id, int slot, int minute, String state, String err, Integer exitCode) {
        String container = exitCode == null ? "" : ",\"ContainerStatus\":{\"ExitCode\":" + exitCode + "}";
        return TASK.formatted(id, slot, minute, state, err, container);
    }

    private void serviceWithTasks(String labels, String... tasks) {
        daemon.on("GET", "/services/condor-4", 200, SERVICE.formatted(labels));
        daemon.on("GET", "/tasks", 200, "[" + String.join(",", tasks) + "]");
        daemon.on("GET", "/nodes/n1", 200, "{\"ID\":\"n1\",\"Description\":{\"Hostname\":\"worker-1\"}}");
    }

    @Test
    void statusPrintsOneLinePerProcessAndCondorQsSummary() {
        serviceWithTasks(
                "",
                task("old0", 0, 1, "failed", "boom", 2),
                task("new0", 0, 2, "complete", "", 0),
                task("t1", 1, 2, "failed", "task: non-zero exit (3)", 3),
                task("t2", 2, 3, "running", "", null));
        FakeDaemon.Result r = daemon.run("job", "status", "4");
        assertThat(r.err()).isEmpty();
        assertThat(daemon.requests("GET", "/tasks").get(0).query()).isEqualTo("filters={\"service\":{\"svc1\":true}}");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly("ID", "STATE", "NODE", "EXIT CODE", "SUBMITTED");
        assertThat(lines.get(1)).startsWith("4.0   ").contains("completed", "worker-1");
        assertThat(lines.get(2)).contains("held", "worker-1", "   3   ");
        assertThat(lines.get(3)).contains("running").doesNotContain("   0   ");
        assertThat(lines.get(4)).startsWith("4.3").contains("idle").doesNotContain("worker-1");
        assertThat(lines.get(5)).isEqualTo("4 jobs; 1 completed, 1 idle, 1 running, 1 held");
    }

    @Test
    void statusOfAnUnknownClusterFails() {
        daemon.on("GET", "/services/condor-9", 404, "{\"message\":\"service condor-9 not found\"}");
        FakeDaemon.Result r = daemon.run("job", "status", "9");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("no such cluster: 9\n");
    }

    @Test
    void statusTableFormatsSubmittedLikeCondorQ() {
        Service s = Json.read(SERVICE.formatted(""), Service.class);
        Task t = Json.read(task("t0", 0, 7, "complete", "", 0), Task.class);
        List<CondorProcess> processes = CondorProcess.of(s, List.of(t));
        assertThat(StatusTable.render(processes.subList(0, 2), id -> "host-" + id, ZoneOffset.ofHours(2)))
                .isEqualTo("""
                        ID        STATE       NODE      EXIT CODE   SUBMITTED
                        4.0       completed   host-n1   0           3/5 12:07
                        4.1       idle                              3/5 12:00
                        2 jobs; 1 completed, 1 idle, 0 running, 0 held
                        """);
    }

    @Test
    void submitCreatesTheJobUnderTheNextClusterAndPrintsLikeCondorSubmit() throws IOException {
        Path file = dir.resolve("hello.sub");
        Files.writeString(file, """
                universe = docker
                docker_image = busybox
                executable = /bin/echo
                arguments = hello $(Process)
                should_transfer_files = NO
                queue 3
                """);
        daemon.on(
                "GET",
                "/services",
                200,
                "[{\"ID\":\"a\",\"Spec\":{\"Name\":\"condor-2\"}},{\"ID\":\"b\",\"Spec\":{\"Name\":\"web\"}}]");
        daemon.on("POST", "/services/create", 201, "{\"ID\":\"newid\"}");
        daemon.on(
                "GET",
                "/services/newid",
                200,
                "{\"ID\":\"newid\",\"Spec\":{\"Name\":\"condor-3\",\"Labels\":{\"skep.condor.cluster\":\"3\"}}}");
        FakeDaemon.Result r = daemon.run("job", "submit", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Submitting job(s)...\n3 job(s) submitted to cluster 3.\n");
        assertThat(r.err()).startsWith("NOTE: hello.sub:5: should_transfer_files is accepted and ignored");
        JsonNode body =
                Json.read(daemon.requests("POST", "/services/create").get(0).body(), JsonNode.class);
        assertThat(body.at("/Name").asText()).isEqualTo("condor-3");
        assertThat(body.at("/Mode/ReplicatedJob/TotalCompletions").asInt()).isEqualTo(3);
        assertThat(body.at("/TaskTemplate/ContainerSpec/Command").toString())
                .isEqualTo("[\"/bin/echo\",\"hello\",\"{{.Task.Slot}}\"]");
    }

    @Test
    void submitWritesNothingWhereTheServersAnswerMovedTheJobsFiles() throws IOException {
        Path file = dir.resolve("hello.sub");
        Files.writeString(
                file, "universe = docker\ndocker_image = busybox\nexecutable = /bin/true\nlog = job.log\nqueue\n");
        Path elsewhere = dir.resolve("elsewhere.log");
        daemon.on("GET", "/services", 200, "[]");
        daemon.on("POST", "/services/create", 201, "{\"ID\":\"newid\"}");
        daemon.on(
                "GET",
                "/services/newid",
                200,
                "{\"ID\":\"newid\",\"Spec\":{\"Name\":\"condor-1\",\"Labels\":{\"skep.condor.cluster\":\"1\","
                        + "\"skep.condor.log\":\"" + elsewhere + "\"}}}");
        FakeDaemon.Result r = daemon.run("job", "submit", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("the server answered another skep.condor.log path than the one submitted");
        assertThat(elsewhere).doesNotExist();
        assertThat(dir.resolve("job.log")).doesNotExist();
    }

    @Test
    void aDescriptionWithUnknownCommandsSubmitsNothing() throws IOException {
        Path file = dir.resolve("bad.sub");
        Files.writeString(file, "universe = docker\ndocker_image = b\nexecutable = x\nrank = Memory\nqueue\n");
        FakeDaemon.Result r = daemon.run("job", "submit", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.sub:4: unsupported submit command 'rank'");
        assertThat(daemon.requests).isEmpty();
    }

    @Test
    void writeOutputSplitsEachFinishedProcessesLogIntoItsFilesAndLogsItsEnd() throws IOException {
        Path submitDir = dir.resolve("submitted-from");
        Path outDir = dir.resolve("results");
        String labels =
                ",\"skep.condor.output\":\"%s/out.$(Process)\",\"skep.condor.error\":\"%s/err.$(Process)\",\"skep.condor.log\":\"%s/job.log\""
                        .formatted(submitDir, submitDir, submitDir);
        serviceWithTasks(labels, task("t0", 0, 1, "complete", "", 0), task("t1", 1, 1, "running", "", null));
        logsOfT0();
        FakeDaemon.Result r = daemon.run("job", "status", "--write-output", outDir.toString(), "4");
        assertThat(r.err()).isEmpty();
        assertThat(daemon.requests("GET", "/tasks/t0/logs").get(0).query()).isEqualTo("stdout=1&stderr=1");
        assertThat(Files.readString(outDir.resolve("out.0"))).isEqualTo("line 1\nline 2\n");
        assertThat(Files.readString(outDir.resolve("err.0"))).isEqualTo("oops\n");
        assertThat(outDir.resolve("out.1")).doesNotExist();
        assertThat(submitDir).as("only the chosen directory is written").doesNotExist();
        daemon.run("job", "status", "--write-output", outDir.toString(), "4");
        String log = Files.readString(outDir.resolve("job.log"));
        assertThat(log)
                .contains(
                        "001 (004.000.000) ",
                        " Job executing on host: worker-1\n...\n",
                        "005 (004.000.000) ",
                        " Job terminated.\n\t(1) Normal termination (return value 0)\n...\n");
        assertThat(log.split("Job terminated", -1)).as("written once").hasSize(2);
    }

    @Test
    void writeOutputKeepsAHostileServersPathsInsideTheChosenDirectory() throws IOException {
        Path outDir = Files.createDirectories(dir.resolve("results"));
        Path outside = dir.resolve("outside");
        String labels = ",\"skep.condor.output\":\"../../escape.$(Process)\",\"skep.condor.error\":\"%s\""
                .formatted(outside.resolve("abs.err"));
        serviceWithTasks(labels, task("t0", 0, 1, "complete", "", 0));
        logsOfT0();
        FakeDaemon.Result r = daemon.run("job", "status", "--write-output", outDir.toString(), "4");
        assertThat(r.err()).isEmpty();
        assertThat(Files.readString(outDir.resolve("escape.0"))).isEqualTo("line 1\nline 2\n");
        assertThat(Files.readString(outDir.resolve("abs.err"))).isEqualTo("oops\n");
        assertThat(outside).doesNotExist();
        assertThat(dir.getParent().resolve("escape.0")).doesNotExist();

        Files.createDirectories(outside);
        Files.delete(outDir.resolve("escape.0"));
        Files.createSymbolicLink(outDir.resolve("escape.0"), outside.resolve("planted"));
        FakeDaemon.Result linked = daemon.run("job", "status", "--write-output", outDir.toString(), "4");
        assertThat(linked.code()).isEqualTo(1);
        assertThat(linked.err()).contains("refusing to write the job file '../../escape.0'", "is a symbolic link");
        assertThat(outside.resolve("planted")).doesNotExist();
    }

    @Test
    void writeOutputRefusesAPathThatNamesNoFile() throws IOException {
        Path outDir = dir.resolve("results");
        serviceWithTasks(",\"skep.condor.output\":\"/tmp/..\"", task("t0", 0, 1, "complete", "", 0));
        logsOfT0();
        FakeDaemon.Result r = daemon.run("job", "status", "--write-output", outDir.toString(), "4");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("refusing to write the job file '/tmp/..'", "it names no file");
        try (var files = Files.list(outDir)) {
            assertThat(files).isEmpty();
        }
    }

    private void logsOfT0() {
        daemon.on(
                "GET",
                "/tasks/t0/logs",
                r -> new FakeDaemon.Response(
                        200,
                        frames(
                                Map.entry(StdCopy.STDOUT, "line 1\n"),
                                Map.entry(StdCopy.STDERR, "oops\n"),
                                Map.entry(StdCopy.STDOUT, "line 2\n"))));
    }

    @SafeVarargs
    private static String frames(Map.Entry<Integer, String>... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var f : frames)
            out.writeBytes(StdCopy.frame(f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
