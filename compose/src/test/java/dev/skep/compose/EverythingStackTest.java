package dev.skep.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Mount;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EverythingStackTest {
    private static final Path DIR = Path.of("src/test/resources/compose/valid").toAbsolutePath();
    private final Stack stack = ComposeFile.load(DIR.resolve("everything.yml"), "all", Map.of());
    private final ServiceSpec app = stack.service("app").orElseThrow().spec();
    private final ContainerSpec c = app.taskTemplate().containerSpec();

    @Test
    void containerSettings() {
        assertThat(c.command()).containsExactly("/bin/sh", "-c");
        assertThat(c.args()).containsExactly("echo hi");
        assertThat(c.env()).containsExactly("EMPTY", "FROM_FILE=1", "FROM_MAP=yes", "QUOTED=a b");
        assertThat(c.sysctls()).containsExactly(Map.entry("net.core.somaxconn", "1024"));
        assertThat(c.capabilityAdd()).containsExactly("CAP_NET_ADMIN");
        assertThat(c.capabilityDrop()).containsExactly("ALL");
        assertThat(c.ulimits())
                .containsExactly(
                        new ContainerSpec.Ulimit("nofile", 20000L, 40000L),
                        new ContainerSpec.Ulimit("nproc", 65535L, 65535L));
        assertThat(c.stopGracePeriod()).isEqualTo(90_000_000_000L);
        assertThat(c.stopSignal()).isEqualTo("SIGUSR1");
        assertThat(c.hostname()).isEqualTo("app-host");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.dir()).isEqualTo("/srv");
        assertThat(c.init()).isTrue();
        assertThat(c.hosts()).containsExactly("162.242.195.82 somehost");
        assertThat(c.dnsConfig().nameservers()).containsExactly("8.8.8.8");
        assertThat(c.dnsConfig().search()).containsExactly("example.com");
        assertThat(c.labels()).containsEntry("com.example.container", "yes");
        assertThat(c.healthCheck().test()).containsExactly("NONE");
        assertThat(app.labels()).containsEntry("com.example.service", "web");
        assertThat(app.mode().replicated().replicas()).isEqualTo(3L);
    }

    @Test
    void portsShortAndLong() {
        assertThat(app.endpointSpec().ports())
                .containsExactly(
                        new PortConfig(null, "tcp", 80L, null, "ingress"),
                        new PortConfig(null, "udp", 53L, 53L, "ingress"),
                        new PortConfig(null, "tcp", 8080L, 8080L, "ingress"),
                        new PortConfig(null, "tcp", 443L, 8443L, "host"),
                        new PortConfig(null, "tcp", 90L, 9000L, "ingress"),
                        new PortConfig(null, "tcp", 91L, 9001L, "ingress"));
    }

    @Test
    void mounts() {
        List<Mount> m = c.mounts();
        assertThat(m.get(0))
                .isEqualTo(new Mount(
                        "/usr/share/html", DIR.resolve("html").toString(), "bind", true, null, null, null, null));
        assertThat(m.get(1)).isEqualTo(new Mount("/logs", "/var/log", "bind", null, null, null, null, null));
        assertThat(m.get(2)).isEqualTo(new Mount("/anonymous", null, "volume", null, null, null, null, null));
        assertThat(m.get(3).type()).isEqualTo("tmpfs");
        assertThat(m.get(3).tmpfsOptions().sizeBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(m.get(4).source()).isEqualTo("all_cache");
        assertThat(m.get(4).volumeOptions().noCopy()).isTrue();
        assertThat(m.get(4).volumeOptions().driverConfig().name()).isEqualTo("local");
        assertThat(m.get(4).volumeOptions().labels()).containsEntry("keep", "true");
    }

    @Test
    void externalAndDeclaredNetworks() {
        assertThat(app.taskTemplate().networks()).extracting(n -> n.target()).containsExactly("all_front", "host-net");
        StackNetwork outside = stack.network("outside").orElseThrow();
        assertThat(outside.external()).isTrue();
        assertThat(outside.name()).isEqualTo("host-net");
        var front = stack.network("front").orElseThrow().create();
        assertThat(front.driver()).isEqualTo("overlay");
        assertThat(front.options()).containsEntry("encrypted", "");
        assertThat(front.labels()).containsEntry("tier", "front").containsEntry("com.docker.stack.namespace", "all");
        // job uses "default", which is created although not declared
        assertThat(stack.network("default").orElseThrow().name()).isEqualTo("all_default");
    }

    @Test
    void jobsAndRestartShorthand() {
        ServiceSpec job = stack.service("job").orElseThrow().spec();
        assertThat(job.mode().replicatedJob().totalCompletions()).isEqualTo(2L);
        assertThat(job.taskTemplate().restartPolicy().condition()).isEqualTo("on-failure");
        assertThat(job.taskTemplate().restartPolicy().maxAttempts()).isEqualTo(3L);
    }
}
