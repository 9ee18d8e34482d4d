package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Stacks through the unmodified docker CLI and through {@code skep stack}: deploy a web service (busybox
 * httpd with a health check) and a client that depends on it on an overlay network, list them, redeploy with
 * one change, prune, remove.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackEndToEndTest extends SingleSkepdTest {
    private static final Path DIR = Path.of("src/test/resources/stack").toAbsolutePath();
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private static String file(String name) {
        return DIR.resolve(name).toString();
    }

    @Test
    @Order(1)
    void dockerStackDeployCreatesNetworksAndServices() {
        CommandResult deploy = docker.ok("stack", "deploy", "-c", file("web-v1.yml"), "demo");

        assertThat(deploy.output())
                .doesNotContainIgnoringCase("error")
                .contains(
                        "Creating network demo_front",
                        "Creating network demo_default",
                        "Creating service demo_web",
                        "Creating service demo_client",
                        "Creating service demo_extra");
        eventually(CONVERGE)
                .untilAsserted(() -> assertThat(replicas("demo"))
                        .isEqualTo(Map.of("demo_web", "1/1", "demo_client", "1/1", "demo_extra", "1/1")));
        assertThat(docker.ok("service", "inspect", "--format", "{{json .Spec.Labels}}", "demo_web")
                        .stdout())
                .contains(
                        "\"com.docker.stack.namespace\":\"demo\"",
                        "\"com.docker.stack.image\":\"skep-busybox:latest\"");
        assertThat(docker.ok(
                                "network",
                                "ls",
                                "--filter",
                                "label=com.docker.stack.namespace=demo",
                                "--format",
                                "{{.Name}} {{.Driver}} {{.Scope}}")
                        .lines())
                .containsExactlyInAnyOrder("demo_default overlay swarm", "demo_front overlay swarm");
    }

    @Test
    @Order(2)
    void dockerStackLsPsAndServices() {
        assertThat(docker.ok("stack", "ls").lines()).containsExactly("NAME      SERVICES", "demo      3");
        List<String> ps = docker.ok("stack", "ps", "demo", "--format", "{{.Name}} {{.DesiredState}} {{.CurrentState}}")
                .lines();
        assertThat(ps).hasSize(3).allMatch(l -> l.contains(" Running Running"));
        assertThat(ps).anyMatch(l -> l.startsWith("demo_web.1 ")).anyMatch(l -> l.startsWith("demo_client.1 "));
        String services = docker.ok("stack", "services", "demo").stdout();
        assertThat(services)
                .startsWith("ID ")
                .contains(
                        "NAME",
                        "MODE",
                        "REPLICAS",
                        "IMAGE",
                        "PORTS",
                        "demo_web",
                        "replicated",
                        "1/1",
                        "skep-busybox:latest");
    }

    @Test
    @Order(3)
    void clientReachesWebByServiceNameOnTheOverlay() {
        eventually(CONVERGE)
                .untilAsserted(() -> assertThat(
                                docker.run("service", "logs", "demo_client").output())
                        .contains("hello-from-web"));
    }

    @Test
    @Order(4)
    void dockerRedeployReplacesOnlyTheChangedServicesTasks() {
        Map<String, String> before = runningTasks("demo");

        docker.ok("stack", "deploy", "--resolve-image", "never", "-c", file("web-v2.yml"), "demo");

        eventually(CONVERGE).untilAsserted(() -> {
            Map<String, String> after = runningTasks("demo");
            assertThat(after).containsOnlyKeys("demo_web", "demo_client", "demo_extra");
            assertThat(after.get("demo_client")).isNotEqualTo(before.get("demo_client"));
            assertThat(after.get("demo_web")).isEqualTo(before.get("demo_web"));
            assertThat(after.get("demo_extra")).isEqualTo(before.get("demo_extra"));
        });
        assertThat(docker.ok(
                                "service",
                                "inspect",
                                "--format",
                                "{{json .Spec.TaskTemplate.ContainerSpec.Env}}",
                                "demo_client")
                        .stdout())
                .contains("ROUND=2");
    }

    @Test
    @Order(5)
    void dockerPruneRemovesServicesNoLongerInTheFile() {
        CommandResult deploy = docker.ok("stack", "deploy", "--prune", "-c", file("web-v3.yml"), "demo");

        assertThat(deploy.output()).contains("Removing service demo_extra");
        assertThat(docker.ok("stack", "services", "demo", "--format", "{{.Name}}")
                        .lines())
                .containsExactlyInAnyOrder("demo_web", "demo_client");
    }

    @Test
    @Order(6)
    void dockerStackRmLeavesNothing() {
        CommandResult rm = docker.ok("stack", "rm", "demo");

        assertThat(rm.output())
                .contains("Removing service demo_web", "Removing service demo_client", "Removing network demo_front");
        assertNothingLeft("demo");
    }

    @Test
    @Order(7)
    void skepStackDeployWaitsForHealthyDependencies() {
        CommandResult deploy = skepd.skep("stack", "deploy", "--detach=false", "-c", file("web-v1.yml"), "demo2");
        deploy.assertSuccess();

        String out = deploy.stdout();
        assertThat(out).contains("Creating network demo2_front", "Creating service demo2_web");
        assertThat(out.indexOf("demo2_web is running and healthy"))
                .isPositive()
                .isLessThan(out.indexOf("Creating service demo2_client"));
        // --detach=false returned only once everything ran
        assertThat(replicas("demo2"))
                .isEqualTo(Map.of("demo2_web", "1/1", "demo2_client", "1/1", "demo2_extra", "1/1"));
    }

    @Test
    @Order(8)
    void skepRedeployUpdatesOnlyTheChangedService() {
        Map<String, String> before = versions("demo2");

        CommandResult deploy = skepd.skep("stack", "deploy", "-c", file("web-v2.yml"), "demo2");
        deploy.assertSuccess();

        assertThat(deploy.stdout())
                .contains(
                        "Service demo2_web is up to date",
                        "Service demo2_extra is up to date",
                        "Updating service demo2_client");
        Map<String, String> after = versions("demo2");
        assertThat(after.get("demo2_web")).isEqualTo(before.get("demo2_web"));
        assertThat(after.get("demo2_extra")).isEqualTo(before.get("demo2_extra"));
        assertThat(after.get("demo2_client")).isNotEqualTo(before.get("demo2_client"));
    }

    @Test
    @Order(9)
    void skepStackListingsAndPruneAndRm() {
        assertThat(skepd.skep("stack", "ls").assertSuccess().lines())
                .containsExactly("NAME      SERVICES", "demo2     3");
        assertThat(skepd.skep("stack", "services", "demo2").assertSuccess().stdout())
                .contains("demo2_client", "demo2_web");
        assertThat(skepd.skep("stack", "ps", "demo2").assertSuccess().stdout())
                .contains("demo2_web.1", "NODE", "DESIRED STATE");

        CommandResult prune = skepd.skep("stack", "deploy", "--prune", "-c", file("web-v3.yml"), "demo2")
                .assertSuccess();
        assertThat(prune.stdout()).contains("Removing service demo2_extra");

        CommandResult rm = skepd.skep("stack", "rm", "demo2").assertSuccess();
        assertThat(rm.stdout()).contains("Removing service demo2_web", "Removing network demo2_front");
        assertNothingLeft("demo2");
    }

    private void assertNothingLeft(String stack) {
        String label = "label=com.docker.stack.namespace=" + stack;
        eventually(CONVERGE).untilAsserted(() -> {
            assertThat(docker.ok("service", "ls", "-q", "--filter", label).lines())
                    .isEmpty();
            assertThat(docker.ok("network", "ls", "-q", "--filter", label).lines())
                    .isEmpty();
            assertThat(DockerCli.hostDockerd().ok("ps", "-q", "--filter", label).lines())
                    .isEmpty();
            // the node took its overlay plumbing down too: bridges, VXLAN devices and Docker networks
            assertThat(DockerCli.hostDockerd()
                            .ok("network", "ls", "--format", "{{.Name}}")
                            .lines())
                    .noneMatch(n -> n.startsWith("skep-"));
            assertThat(HostOverlay.overlayLinks()).isEmpty();
        });
        assertThat(docker.run("stack", "ps", stack).output()).contains("nothing found in stack: " + stack);
    }

    private Map<String, String> replicas(String stack) {
        return docker.ok("stack", "services", stack, "--format", "{{.Name}} {{.Replicas}}").lines().stream()
                .map(l -> l.split(" ", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }

    /** Service name → the IDs of its running tasks. */
    private Map<String, String> runningTasks(String stack) {
        return docker
                .ok("stack", "ps", stack, "--filter", "desired-state=running", "--format", "{{.Name}} {{.ID}}")
                .lines()
                .stream()
                .map(l -> l.split(" ", 2))
                .collect(Collectors.groupingBy(
                        p -> p[0].substring(0, p[0].lastIndexOf('.')),
                        Collectors.mapping(p -> p[1], Collectors.joining(","))));
    }

    private Map<String, String> versions(String stack) {
        return docker
                .ok("service", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + stack)
                .lines()
                .stream()
                .map(id -> docker.ok("service", "inspect", "--format", "{{.Spec.Name}} {{.Version.Index}}", id)
                        .stdout()
                        .strip())
                .map(l -> l.split(" ", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> a, () -> new java.util.TreeMap<>()));
    }
}
