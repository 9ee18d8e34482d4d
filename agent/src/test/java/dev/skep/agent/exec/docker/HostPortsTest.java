package dev.skep.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.skep.agent.TestTasks;
import dev.skep.agent.exec.ExecException;
import dev.skep.api.json.Json;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostPortsTest {
    private static final PortConfig FIXED = new PortConfig(null, "tcp", 80L, 8081L, "host");
    private static final PortConfig DYNAMIC_UDP = new PortConfig(null, "udp", 53L, 0L, "host");
    private static final PortConfig INGRESS = new PortConfig(null, "tcp", 443L, 30001L, "ingress");

    private static Task taskWith(Service.Endpoint endpoint) {
        return TestTasks.image("node-1", "img", TaskState.RUNNING).withEndpoint(endpoint);
    }

    private static Service.Endpoint endpointSpec(String json) {
        return new Service.Endpoint(Json.read(json, dev.skep.api.model.EndpointSpec.class), null, null);
    }

    @Test
    void onlyHostModePortsOfTheAllocatedEndpointArePublished() {
        Task task = taskWith(new Service.Endpoint(null, List.of(FIXED, INGRESS, DYNAMIC_UDP), null));
        assertThat(HostPorts.of(task)).containsExactly(FIXED, DYNAMIC_UDP);
    }

    @Test
    void endpointSpecIsReadWhenTheServiceWasNotAllocatedYetAndModeDefaultsToIngress() {
        Task task = taskWith(endpointSpec("{\"Ports\":[{\"TargetPort\":80,\"PublishedPort\":8080},"
                + "{\"TargetPort\":81,\"PublishedPort\":8082,\"PublishMode\":\"host\"}]}"));
        assertThat(HostPorts.of(task)).extracting(PortConfig::targetPort).containsExactly(81L);
    }

    @Test
    void taskWithoutEndpointPublishesNothing() {
        assertThat(HostPorts.of(TestTasks.image("node-1", "img", TaskState.RUNNING)))
                .isEmpty();
    }

    @Test
    void portsBecomeExposedPortsAndBindingsWithAnEmptyHostPortForDockerdToPick() throws ExecException {
        List<PortConfig> ports = List.of(FIXED, DYNAMIC_UDP, new PortConfig(null, null, 80L, 8082L, "host"));

        assertThat(HostPorts.exposedPorts(ports)).containsExactly(ExposedPort.tcp(80), ExposedPort.udp(53));
        Map<ExposedPort, Ports.Binding[]> bindings =
                HostPorts.portBindings(ports).getBindings();
        assertThat(bindings).containsOnlyKeys(ExposedPort.tcp(80), ExposedPort.udp(53));
        assertThat(bindings.get(ExposedPort.tcp(80)))
                .containsExactly(Ports.Binding.bindPort(8081), Ports.Binding.bindPort(8082));
        assertThat(bindings.get(ExposedPort.udp(53))).containsExactly(Ports.Binding.empty());
        assertThat(HostPorts.portBindings(ports)
                        .toPrimitive()
                        .get("53/udp")
                        .get(0)
                        .get("HostPort"))
                .isNullOrEmpty();
    }

    @Test
    void unknownProtocolIsFatal() {
        assertThatThrownBy(() -> HostPorts.exposedPorts(List.of(new PortConfig(null, "icmp", 1L, 1L, "host"))))
                .isInstanceOf(ExecException.class)
                .hasMessageContaining("icmp");
    }

    @Test
    void portStatusListsEachBoundPortOnceAndSkipsExposedOnlyPorts() throws Exception {
        InspectContainerResponse c = inspect("{\"Id\":\"c1\",\"NetworkSettings\":{\"Ports\":{"
                + "\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8081\"},{\"HostIp\":\"::\",\"HostPort\":\"8081\"}],"
                + "\"53/udp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"49153\"}],"
                + "\"9000/tcp\":null}}}");

        TaskStatus.PortStatus status = HostPorts.status(c);

        assertThat(status.ports())
                .containsExactly(
                        new PortConfig(null, "tcp", 80L, 8081L, "host"),
                        new PortConfig(null, "udp", 53L, 49153L, "host"));
    }

    @Test
    void noBoundPortMeansNoPortStatus() throws Exception {
        assertThat(HostPorts.status(inspect("{\"Id\":\"c1\",\"NetworkSettings\":{\"Ports\":{}}}")))
                .isNull();
        assertThat(HostPorts.status(inspect("{\"Id\":\"c1\"}"))).isNull();
    }

    /** An inspect answer as docker-java reads it off the wire. */
    private static InspectContainerResponse inspect(String json) throws Exception {
        return new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json, InspectContainerResponse.class);
    }
}
