package dev.skep.agent.exec.docker;

import static dev.skep.api.model.TaskState.COMPLETE;
import static dev.skep.api.model.TaskState.FAILED;
import static dev.skep.api.model.TaskState.REJECTED;
import static dev.skep.api.model.TaskState.RUNNING;
import static dev.skep.api.model.TaskState.SHUTDOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.MountType;
import dev.skep.agent.Agent;
import dev.skep.agent.FakeDispatcher;
import dev.skep.agent.TestTasks;
import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.model.Ids;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.SystemTimer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The docker executor against the real engine on /var/run/docker.sock, with the offline test image. */
@Tag("docker") // needs dockerd: left out of the fast target (docs/TESTING.md)
class DockerExecutorTest {
    private static final Logger LOG = LoggerFactory.getLogger(DockerExecutorTest.class);
    private static final String IMAGE = "skep-busybox:latest";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String node = "test-node-" + Ids.newId().substring(0, 10);
    private final FakeDispatcher dispatcher = new FakeDispatcher(Duration.ofSeconds(5));
    private final SystemTimer timer = new SystemTimer();
    private final List<Agent> agents = new ArrayList<>();
    private final List<DockerExecutor> executors = new ArrayList<>();
    private DockerClient docker;

    @BeforeAll
    static void engineAndImage() throws Exception {
        DockerClient client = DockerExecutor.connect(DockerExecutor.DEFAULT_HOST);
        boolean answers;
        try {
            client.pingCmd().exec();
            answers = true;
        } catch (RuntimeException e) {
            answers = false;
        }
        assumeThat(answers)
                .as("docker engine answers on " + DockerExecutor.DEFAULT_HOST)
                .isTrue();
        if (!imagePresent(client)) buildTestImages();
        assumeThat(imagePresent(client)).as(IMAGE + " can be built").isTrue();
    }

    private static boolean imagePresent(DockerClient client) {
        try {
            client.inspectImageCmd(IMAGE).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void buildTestImages() throws Exception {
        File script = new File("../scripts/build-test-images.sh");
        if (!script.exists()) script = new File("scripts/build-test-images.sh");
        Process p = new ProcessBuilder("bash", script.getPath(), DockerExecutor.DEFAULT_HOST)
                .inheritIO()
                .start();
        p.waitFor();
    }

    @BeforeEach
    void connect() {
        docker = DockerExecutor.connect(DockerExecutor.DEFAULT_HOST);
    }

    @AfterEach
    void removeContainers() throws Exception {
        agents.forEach(Agent::stop);
        for (Container c : containers())
            docker.removeContainerCmd(c.getId())
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        executors.forEach(DockerExecutor::close);
        timer.close();
        docker.close();
    }

    private List<Container> containers() {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(SwarmLabels.NODE_ID, node))
                .exec();
    }

    private Agent agent(List<Task> tasks) {
        DockerExecutor executor = new DockerExecutor(DockerExecutor.DEFAULT_HOST);
        executors.add(executor);
        dispatcher.initialTasks(tasks);
        Agent agent = new Agent(node, dispatcher, executor, timer);
        agents.add(agent);
        agent.start();
        return agent;
    }

    private Task task(String service, long slot, String taskTemplate) {
        return TestTasks.task(node, service, slot, taskTemplate, RUNNING);
    }

    private Task sleeper(String service, long slot) {
        return task(service, slot, "{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\"}}");
    }

    private TaskStatus awaitState(Task task, TaskState state) {
        await().atMost(TIMEOUT).until(() -> {
            TaskState s = dispatcher.state(task.id());
            if (s != null && s.isTerminal() && s != state) {
                throw new AssertionError("task " + task.id() + " ended " + dispatcher.latest.get(task.id()));
            }
            return s == state;
        });
        return dispatcher.latest.get(task.id());
    }

    private InspectContainerResponse inspect(TaskStatus status) {
        return docker.inspectContainerCmd(status.containerStatus().containerID())
                .exec();
    }

    @Test
    void runsTheTaskAsANamedLabelledContainer() {
        Task task = sleeper("web", 1);
        agent(List.of(task));
        TaskStatus running = awaitState(task, RUNNING);

        InspectContainerResponse c = inspect(running);
        assertThat(c.getName()).isEqualTo("/web.1." + task.id());
        assertThat(c.getState().getRunning()).isTrue();
        assertThat(running.containerStatus().pid())
                .isEqualTo(c.getState().getPidLong())
                .isPositive();
        assertThat(c.getConfig().getLabels())
                .containsEntry(SwarmLabels.SERVICE_ID, "svc-web")
                .containsEntry(SwarmLabels.SERVICE_NAME, "web")
                .containsEntry(SwarmLabels.TASK_ID, task.id())
                .containsEntry(SwarmLabels.TASK_NAME, "web.1." + task.id())
                .containsEntry(SwarmLabels.NODE_ID, node);
    }

    @Test
    void globalTaskIsNamedAfterItsNode() {
        Task task = sleeper("agentd", 0);
        agent(List.of(task));
        TaskStatus running = awaitState(task, RUNNING);
        assertThat(inspect(running).getName()).isEqualTo("/agentd." + node + "." + task.id());
    }

    @Test
    void reportsTheExitCode() {
        Task failing =
                task("job", 1, "{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\",\"Args\":[\"sh\",\"-c\",\"exit 3\"]}}");
        Task finishing = task("job", 2, "{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\",\"Args\":[\"true\"]}}");
        agent(List.of(failing, finishing));

        TaskStatus failed = awaitState(failing, FAILED);
        assertThat(failed.err()).isEqualTo("task: non-zero exit (3)");
        assertThat(failed.containerStatus().exitCode()).isEqualTo(3L);
        TaskStatus complete = awaitState(finishing, COMPLETE);
        assertThat(complete.containerStatus().exitCode()).isEqualTo(0L);
    }

    @Test
    void aRunningTaskFailsWhenItsContainerTurnsUnhealthy() {
        // healthy once started, then the check's file goes away: the task must fail, not run on unhealthy
        String template = """
                {"ContainerSpec": {
                   "Image": "%s",
                   "Args": ["sh", "-c", "touch /tmp/ok; sleep 2; rm /tmp/ok; exec sleep 1000"],
                   "Healthcheck": {"Test": ["CMD-SHELL", "test -f /tmp/ok"], "Interval": 300000000, "Retries": 1}
                }}""".formatted(IMAGE);
        Task task = task("health", 1, template);
        agent(List.of(task));
        TaskStatus running = awaitState(task, RUNNING);
        TaskStatus failed = awaitState(task, FAILED);
        assertThat(failed.err()).isEqualTo("unhealthy container");
        assertThat(inspect(running).getState().getHealth().getStatus()).isEqualTo("unhealthy");
    }

    @Test
    void missingImageRejectsTheTask() {
        Task task = task("web", 1, "{\"ContainerSpec\":{\"Image\":\"skep-missing:1\"}}");
        agent(List.of(task));
        TaskStatus rejected = awaitState(task, REJECTED);
        assertThat(rejected.err()).isEqualTo("No such image: skep-missing:1");
    }

    @Test
    void appliesTheContainerSpec(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello");
        // The task runs as nobody: let it read the bind mount.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(
                dir.resolve("hello.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String template = """
                {"ContainerSpec": {
                   "Image": "%s",
                   "Command": ["sh", "-c"],
                   "Args": ["echo started; exec sleep 1000"],
                   "Env": ["FOO=bar", "EMPTY="],
                   "User": "nobody",
                   "Groups": ["1234"],
                   "Dir": "/tmp",
                   "Hostname": "task-host",
                   "Labels": {"tier": "front"},
                   "ReadOnly": true,
                   "Mounts": [
                     {"Type": "bind", "Source": "%s", "Target": "/data", "ReadOnly": true},
                     {"Type": "tmpfs", "Target": "/scratch", "TmpfsOptions": {"SizeBytes": 1048576, "Mode": 1777}},
                     {"Type": "volume", "Target": "/vol"}
                   ],
                   "Sysctls": {"net.ipv4.ip_unprivileged_port_start": "80"},
                   "CapabilityAdd": ["CAP_NET_ADMIN"],
                   "CapabilityDrop": ["CAP_MKNOD"],
                   "Ulimits": [{"Name": "nofile", "Soft": 1024, "Hard": 2048}],
                   "Init": true,
                   "StopSignal": "SIGUSR1",
                   "Hosts": ["10.1.2.3 db database"],
                   "DNSConfig": {"Nameservers": ["10.1.2.53"], "Search": ["example.internal"], "Options": ["ndots:2"]},
                   "Healthcheck": {"Test": ["CMD", "true"], "Interval": 500000000, "Retries": 3}
                 },
                 "Resources": {"Limits": {"NanoCPUs": 500000000, "MemoryBytes": 67108864, "Pids": 100}},
                 "LogDriver": {"Name": "json-file", "Options": {"max-size": "1m"}}
                }""".formatted(IMAGE, dir.toAbsolutePath());
        Task task = task("spec", 1, template);
        agent(List.of(task));
        TaskStatus running = awaitState(task, RUNNING);

        InspectContainerResponse c = inspect(running);
        var config = c.getConfig();
        var host = c.getHostConfig();
        assertThat(config.getEntrypoint()).containsExactly("sh", "-c");
        assertThat(config.getCmd()).containsExactly("echo started; exec sleep 1000");
        assertThat(config.getEnv()).contains("FOO=bar", "EMPTY=");
        assertThat(config.getUser()).isEqualTo("nobody");
        assertThat(config.getWorkingDir()).isEqualTo("/tmp");
        assertThat(config.getHostName()).isEqualTo("task-host");
        assertThat(config.getLabels()).containsEntry("tier", "front");
        assertThat(cli("inspect", "-f", "{{.Config.StopSignal}}", c.getId())).isEqualTo("SIGUSR1");
        assertThat(config.getHealthcheck().getTest()).containsExactly("CMD", "true");
        assertThat(c.getState().getHealth().getStatus()).isEqualTo("healthy");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getGroupAdd()).containsExactly("1234");
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getMemory()).isEqualTo(67_108_864L);
        assertThat(host.getPidsLimit()).isEqualTo(100L);
        assertThat(host.getSysctls()).containsEntry("net.ipv4.ip_unprivileged_port_start", "80");
        assertThat(host.getCapAdd()).extracting(Enum::name).containsExactly("NET_ADMIN");
        assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("MKNOD");
        assertThat(host.getUlimits()).singleElement().satisfies(u -> {
            assertThat(u.getName()).isEqualTo("nofile");
            assertThat(u.getSoftLong()).isEqualTo(1024L);
            assertThat(u.getHardLong()).isEqualTo(2048L);
        });
        assertThat(host.getInit()).isTrue();
        assertThat(host.getExtraHosts()).containsExactly("db:10.1.2.3", "database:10.1.2.3");
        assertThat(host.getDns()).containsExactly("10.1.2.53");
        assertThat(host.getDnsSearch()).containsExactly("example.internal");
        assertThat(host.getDnsOptions()).containsExactly("ndots:2");
        assertThat(host.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(host.getLogConfig().getConfig()).containsEntry("max-size", "1m");
        assertThat(host.getMounts())
                .extracting(m -> m.getType(), m -> m.getTarget())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(MountType.BIND, "/data"),
                        org.assertj.core.groups.Tuple.tuple(MountType.TMPFS, "/scratch"),
                        org.assertj.core.groups.Tuple.tuple(MountType.VOLUME, "/vol"));
        assertThat(host.getMounts().get(1).getTmpfsOptions().getSizeBytes()).isEqualTo(1_048_576L);

        assertThat(exec(c.getId(), "cat", "/data/hello.txt")).isEqualTo("hello");
        assertThat(exec(c.getId(), "sh", "-c", "echo $FOO")).isEqualTo("bar");
        assertThat(exec(c.getId(), "id", "-u")).isEqualTo("65534");
        // the task's own process (PID 1), not an exec'd shell: dockerd 20.10 has been seen to give exec'd
        // processes the hard limit as their soft one
        assertThat(exec(c.getId(), "sh", "-c", "grep 'Max open files' /proc/1/limits")
                        .split("\\s+"))
                .containsSequence("files", "1024", "2048", "files");
    }

    /** What docker-java's model does not show, read with the docker CLI. */
    private static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    private String exec(String containerId, String... cmd) throws InterruptedException {
        var exec = docker.execCreateCmd(containerId)
                .withCmd(cmd)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(exec.getId())
                .exec(
                        new com.github.dockerjava.api.async.ResultCallback.Adapter<
                                com.github.dockerjava.api.model.Frame>() {
                            @Override
                            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        })
                .awaitCompletion();
        return out.toString().trim();
    }

    @Test
    void appliesThePrivilegesAsSecurityOptions() throws Exception {
        String profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}";
        String template = """
                {"ContainerSpec": {
                   "Image": "%s",
                   "Privileges": {
                     "NoNewPrivileges": true,
                     "Seccomp": {"Mode": "custom", "Profile": "%s"},
                     "AppArmor": {"Mode": "disabled"}
                   }
                }}""".formatted(
                        IMAGE, java.util.Base64.getEncoder().encodeToString(profile.getBytes(StandardCharsets.UTF_8)));
        Task task = task("privileges", 1, template);
        agent(List.of(task));
        InspectContainerResponse c = inspect(awaitState(task, RUNNING));
        assertThat(c.getHostConfig().getSecurityOpts())
                .containsExactly("no-new-privileges=true", "seccomp=" + profile, "apparmor=unconfined");
        assertThat(exec(c.getId(), "grep", "NoNewPrivs", "/proc/1/status")).matches("NoNewPrivs:\\s+1");
    }

    @Test
    void shutdownStopsTheContainerAfterTheGracePeriod() {
        // sleep as PID 1 ignores SIGTERM, so only the kill after the 1 s grace period ends it.
        Task task = task("web", 1, "{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\",\"StopGracePeriod\":1000000000}}");
        agent(List.of(task));
        TaskStatus running = awaitState(task, RUNNING);

        dispatcher.update(task.withDesiredState(SHUTDOWN));
        // Docker's default grace period (10 s) would not fit in this wait.
        await().atMost(Duration.ofSeconds(8)).until(() -> dispatcher.state(task.id()) == SHUTDOWN);
        InspectContainerResponse c = inspect(running);
        assertThat(c.getState().getRunning()).isFalse();
        assertThat(c.getState().getExitCodeLong()).isEqualTo(137L);
    }

    @Test
    void newAgentAdoptsRunningContainersInsteadOfStartingDuplicates() {
        Task kept = sleeper("web", 1);
        Task dropped = sleeper("web", 2);
        Agent first = agent(List.of(kept, dropped));
        String keptContainer = awaitState(kept, RUNNING).containerStatus().containerID();
        awaitState(dropped, RUNNING);
        first.stop();

        Task keptRunning = kept.withStatus(dispatcher.latest.get(kept.id()));
        Agent second = agent(List.of(keptRunning));
        await().atMost(TIMEOUT).until(() -> containers().size() == 1);
        await().atMost(TIMEOUT).until(() -> second.taskStatus(kept.id()) != null);
        assertThat(containers())
                .singleElement()
                .satisfies(c -> assertThat(c.getId()).isEqualTo(keptContainer));
        assertThat(second.taskStatus(kept.id()).state()).isEqualTo(RUNNING);

        dispatcher.update(keptRunning.withDesiredState(SHUTDOWN));
        awaitState(kept, SHUTDOWN);
        assertThat(docker.inspectContainerCmd(keptContainer).exec().getState().getRunning())
                .isFalse();
    }

    @Test
    void removedTaskHasItsContainerRemoved() {
        Task task = sleeper("web", 1);
        agent(List.of(task));
        awaitState(task, RUNNING);
        dispatcher.remove(task.id());
        await().atMost(TIMEOUT).until(() -> containers().isEmpty());
    }

    @Test
    void streamsTheTasksLogsLineByLine() throws Exception {
        Task task = task(
                "logs",
                1,
                "{\"ContainerSpec\":{\"Image\":\"" + IMAGE
                        + "\",\"Args\":[\"sh\",\"-c\",\"echo out1; echo err1 >&2; echo out2; printf tail\"]}}");
        agent(List.of(task));
        awaitState(task, COMPLETE);

        List<String> lines = new CopyOnWriteArrayList<>();
        LogSource source = new DockerLogSource(docker);
        source.logs(task, new LogSource.LogOptions(true, true, false, false, "all", 0, 0), (stream, line) -> {
            lines.add(stream + ":" + new String(line, StandardCharsets.UTF_8));
            return true;
        });
        assertThat(lines).containsExactlyInAnyOrder("1:out1", "2:err1", "1:out2", "1:tail");
        assertThat(lines.stream().filter(l -> l.startsWith("1:"))).containsExactly("1:out1", "1:out2", "1:tail");

        List<String> last = new ArrayList<>();
        source.logs(task, new LogSource.LogOptions(true, false, false, false, "1", 0, 0), (stream, line) -> {
            last.add(new String(line, StandardCharsets.UTF_8));
            return true;
        });
        assertThat(last).containsExactly("tail");
    }

    @Test
    void followingLogsStopsWhenTheSinkSaysSo() throws Exception {
        Task task = task(
                "logs",
                1,
                "{\"ContainerSpec\":{\"Image\":\"" + IMAGE
                        + "\",\"Args\":[\"sh\",\"-c\",\"i=0; while true; do i=$((i+1)); echo line$i; sleep 0.1; done\"]}}");
        agent(List.of(task));
        awaitState(task, RUNNING);
        List<String> lines = new CopyOnWriteArrayList<>();
        new DockerLogSource(docker)
                .logs(task, new LogSource.LogOptions(true, true, true, false, "all", 0, 0), (stream, line) -> {
                    lines.add(new String(line, StandardCharsets.UTF_8));
                    return lines.size() < 5;
                });
        assertThat(lines).startsWith("line1", "line2", "line3", "line4", "line5");
    }

    @Test
    void hostModePortsOfATaskOnTheDefaultBridgeAreBoundAndReported() throws Exception {
        int fixed = freePort();
        Task task = task(
                        "web",
                        1,
                        "{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\",\"Args\":[\"sh\",\"-c\","
                                + "\"echo hello > /var/www/index.html && httpd -f -p 80 -h /var/www\"]}}")
                .withEndpoint(new Service.Endpoint(
                        null,
                        List.of(
                                new PortConfig(null, "tcp", 80L, (long) fixed, "host"),
                                new PortConfig(null, "udp", 53L, 0L, "host"),
                                new PortConfig(null, "tcp", 443L, 30443L, "ingress")),
                        null));
        agent(List.of(task));
        TaskStatus running = awaitState(task, RUNNING);

        assertThat(running.portStatus().ports()).hasSize(2);
        assertThat(running.portStatus().ports().get(0))
                .isEqualTo(new PortConfig(null, "tcp", 80L, (long) fixed, "host"));
        PortConfig dynamic = running.portStatus().ports().get(1);
        assertThat(dynamic.protocol()).isEqualTo("udp");
        assertThat(dynamic.targetPort()).isEqualTo(53L);
        assertThat(dynamic.publishedPort()).isPositive();
        assertThat(inspect(running).getHostConfig().getPortBindings().getBindings())
                .containsOnlyKeys(ExposedPort.tcp(80), ExposedPort.udp(53));
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> httpGet(fixed).contains("hello"));
    }

    @Test
    void aHostPortTakenOnTheNodeFailsTheTask() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Task task = sleeper("web", 1)
                    .withEndpoint(new Service.Endpoint(
                            null,
                            List.of(new PortConfig(null, "tcp", 80L, (long) taken.getLocalPort(), "host")),
                            null));
            agent(List.of(task));
            TaskStatus failed = awaitState(task, FAILED);
            assertThat(failed.err()).contains(String.valueOf(taken.getLocalPort()));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String httpGet(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void fiftyReplicasReachRunning() {
        List<Task> tasks = new ArrayList<>();
        for (int slot = 1; slot <= 50; slot++) tasks.add(sleeper("bench", slot));
        long started = System.nanoTime();
        agent(tasks);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> tasks.stream().allMatch(t -> dispatcher.state(t.id()) == RUNNING));
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        LOG.info("BENCHMARK docker executor: 50 containers RUNNING in {} ms", millis);
        assertThat(containers())
                .hasSize(50)
                .allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    }
}
