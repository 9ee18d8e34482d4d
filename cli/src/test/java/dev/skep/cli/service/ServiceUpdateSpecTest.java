package dev.skep.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.ServiceSpec;
import dev.skep.cli.SkepCli;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceUpdateSpecTest {
    private static final String EXISTING = """
            {"Name":"web","Labels":{"keep":"1","drop":"2"},
             "TaskTemplate":{"ContainerSpec":{"Image":"nginx:1","Env":["A=1","B=2","C=3"],"HealthCheck":{"Test":["NONE"]},
                                              "FutureField":{"x":1}},
                             "Placement":{"Constraints":["node.role==worker"]},"ForceUpdate":2},
             "Mode":{"Replicated":{"Replicas":2}},
             "EndpointSpec":{"Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]}}""";

    private static ObjectNode update(String... args) throws Exception {
        CommandLine cl = SkepCli.commandLine(System.out, System.err, List.of());
        String[] full = new String[args.length + 2];
        full[0] = "service";
        full[1] = "update";
        System.arraycopy(args, 0, full, 2, args.length);
        cl.parseArgs(full);
        CommandLine cmd = cl.getSubcommands().get("service").getSubcommands().get("update");
        ObjectNode spec = (ObjectNode) Json.MAPPER.readTree(EXISTING);
        ((ServiceUpdate) cmd.getCommand()).apply(spec);
        return spec;
    }

    private static ServiceSpec typed(ObjectNode tree) throws Exception {
        return Json.MAPPER.treeToValue(tree, ServiceSpec.class);
    }

    @Test
    void mergesEnvironmentInPlace() throws Exception {
        ServiceSpec s = typed(update("--env-add", "B=20", "--env-add", "D=4", "--env-rm", "A", "web"));
        assertThat(s.taskTemplate().containerSpec().env()).containsExactly("B=20", "C=3", "D=4");
    }

    @Test
    void editsLabelsConstraintsImageReplicasAndForce() throws Exception {
        ServiceSpec s = typed(update(
                "--label-add",
                "new=x",
                "--label-rm",
                "drop",
                "--constraint-add",
                "node.labels.dc==a",
                "--constraint-rm",
                "node.role==worker",
                "--image",
                "nginx:2",
                "--replicas",
                "5",
                "--force",
                "web"));
        assertThat(s.labels())
                .containsEntry("keep", "1")
                .containsEntry("new", "x")
                .doesNotContainKey("drop");
        assertThat(s.taskTemplate().placement().constraints()).containsExactly("node.labels.dc==a");
        assertThat(s.taskTemplate().containerSpec().image()).isEqualTo("nginx:2");
        assertThat(s.mode().replicated().replicas()).isEqualTo(5);
        assertThat(s.taskTemplate().forceUpdate()).isEqualTo(3);
    }

    @Test
    void addsAndRemovesPublishedPorts() throws Exception {
        ServiceSpec s = typed(update("--publish-rm", "80", "--publish-add", "9090:90", "web"));
        assertThat(s.endpointSpec().ports()).containsExactly(new PortConfig(null, "tcp", 90L, 9090L, "ingress"));
    }

    @Test
    void keepsFieldsItDoesNotKnowAndEditsCaseInsensitively() throws Exception {
        ObjectNode tree = update("--health-cmd", "curl -f localhost", "--update-parallelism", "2", "web");
        ObjectNode container = (ObjectNode) tree.get("TaskTemplate").get("ContainerSpec");
        assertThat(container.get("FutureField").get("x").asInt()).isEqualTo(1);
        assertThat(container.has("Healthcheck"))
                .as("no duplicate key in another case")
                .isFalse();
        assertThat(container.get("HealthCheck").get("Test").get(1).asText()).isEqualTo("curl -f localhost");
        assertThat(tree.get("UpdateConfig").get("Parallelism").asInt()).isEqualTo(2);
        assertThat(tree.get("UpdateConfig").get("Monitor").asLong()).isEqualTo(5_000_000_000L);
    }

    @Test
    void rejectsReplicasForGlobalServices() {
        assertThatThrownBy(() -> {
                    CommandLine cl = SkepCli.commandLine(System.out, System.err, List.of());
                    CommandLine cmd =
                            cl.getSubcommands().get("service").getSubcommands().get("update");
                    cl.parseArgs("service", "update", "--replicas", "3", "web");
                    ObjectNode spec = (ObjectNode) Json.MAPPER.readTree("{\"Mode\":{\"Global\":{}}}");
                    ((ServiceUpdate) cmd.getCommand()).apply(spec);
                })
                .hasMessage("replicas can only be used with replicated mode");
    }
}
