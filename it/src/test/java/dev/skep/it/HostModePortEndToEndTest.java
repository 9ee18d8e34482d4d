package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code --publish mode=host} for a service on no network: its tasks run on dockerd's default bridge and the
 * port is the container's own port binding on the node, fixed or picked by dockerd, and reported in the task's
 * {@code Status.PortStatus} as with Docker Swarm.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostModePortEndToEndTest extends SingleSkepdTest {
    /** Answers HTTP on port 80 with "hello-" and the container's hostname (its short ID). */
    private static final String[] HTTPD = {
        "sh", "-c", "echo hello-$(hostname) > /var/www/index.html && exec httpd -f -p 80 -h /var/www"
    };

    @AfterEach
    void removeServices() {
        for (String name : docker.ok("service", "ls", "--format", "{{.Name}}").lines()) {
            docker.ok("service", "rm", name);
        }
        eventually()
                .untilAsserted(() ->
                        assertThat(HostContainer.all(skepd.nodeId(), "web")).isEmpty());
    }

    @Test
    @Order(1)
    void fixedHostPortAnswersFromTheTaskOnTheNode() throws IOException {
        int port = freePort();
        create("--publish", "mode=host,target=80,published=" + port);

        HostContainer task = awaitOneRunning();
        eventually()
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(httpGet(port)).contains("hello-" + task.id().substring(0, 12)));
        assertThat(portStatus(task.taskId())).isEqualTo("tcp 80 " + port + " host");
        assertThat(docker.ok("service", "ps", "--format", "{{.Ports}}", "web")
                        .stdout()
                        .strip())
                .isEqualTo("*:" + port + "->80/tcp");
        assertThat(DockerCli.hostDockerd().ok("port", task.id(), "80/tcp").stdout())
                .contains(":" + port);
    }

    @Test
    @Order(2)
    void withoutPublishedPortDockerdPicksOneAndTheTaskReportsIt() {
        create("--publish", "mode=host,target=80");

        HostContainer task = awaitOneRunning();
        String[] status = portStatus(task.taskId()).split(" ");
        assertThat(status[0]).isEqualTo("tcp");
        assertThat(status[1]).isEqualTo("80");
        assertThat(status[3]).isEqualTo("host");
        int port = Integer.parseInt(status[2]);
        assertThat(port).isPositive();
        eventually()
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(httpGet(port)).contains("hello-" + task.id().substring(0, 12)));
    }

    @Test
    @Order(3)
    void aSecondTaskWithTheSamePortIsNotPlacedOnTheNode() throws IOException {
        int port = freePort();
        create("--replicas", "2", "--publish", "mode=host,target=80,published=" + port);

        HostContainer placed = awaitOneRunning();
        eventually()
                .untilAsserted(() -> assertThat(ServiceTask.list(docker, "web"))
                        .anySatisfy(t -> assertThat(t.error()).contains("host-mode port already in use on 1 node")));
        assertThat(HostContainer.running(skepd.nodeId(), "web")).containsExactly(placed);
    }

    @Test
    @Order(4)
    void publishingAnotherHostPortReplacesTheTaskSoItsContainerBindsIt() throws IOException {
        int port = freePort();
        create("--publish", "mode=host,target=80,published=" + port);
        HostContainer before = awaitOneRunning();

        int other = freePort();
        docker.ok("service", "update", "--detach", "--publish-add", "mode=host,target=80,published=" + other, "web");

        eventually()
                .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "web"))
                        .singleElement()
                        .extracting(HostContainer::id)
                        .isNotEqualTo(before.id()));
        HostContainer after = awaitOneRunning();
        eventually()
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(httpGet(other))
                        .contains("hello-" + after.id().substring(0, 12)));
        assertThat(httpGet(port)).contains("hello-" + after.id().substring(0, 12));
    }

    private void create(String... publish) {
        List<String> args = new java.util.ArrayList<>(List.of("service", "create", "--detach", "--name", "web"));
        args.addAll(List.of(publish));
        args.add(TestImages.V1);
        args.addAll(List.of(HTTPD));
        docker.ok(args.toArray(String[]::new));
    }

    private HostContainer awaitOneRunning() {
        eventually()
                .untilAsserted(
                        () -> assertThat(ServiceTask.running(docker, "web")).hasSize(1));
        eventually()
                .untilAsserted(() ->
                        assertThat(HostContainer.running(skepd.nodeId(), "web")).hasSize(1));
        return HostContainer.running(skepd.nodeId(), "web").getFirst();
    }

    /** The task's Status.PortStatus through {@code docker inspect}, as "protocol target published mode". */
    private String portStatus(String taskId) {
        return docker.ok(
                        "inspect",
                        "--type",
                        "task",
                        "--format",
                        "{{range .Status.PortStatus.Ports}}{{.Protocol}} {{.TargetPort}} {{.PublishedPort}} {{.PublishMode}}{{end}}",
                        taskId)
                .stdout()
                .strip();
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
}
