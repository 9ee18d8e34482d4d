package dev.skep.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.Mount;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.ServiceSpec;
import dev.skep.cli.SkepCli;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceCreateSpecTest {
    private static ServiceSpec spec(String... args) {
        CommandLine cl = SkepCli.commandLine(System.out, System.err, List.of());
        String[] full = new String[args.length + 2];
        full[0] = "service";
        full[1] = "create";
        System.arraycopy(args, 0, full, 2, args.length);
        cl.parseArgs(full);
        CommandLine create = cl.getSubcommands().get("service").getSubcommands().get("create");
        return ((ServiceCreate) create.getCommand()).spec();
    }

    @Test
    void convertsDurationsMemoryAndCpus() {
        ServiceSpec s = spec(
                "--name",
                "web",
                "--replicas",
                "3",
                "--limit-cpu",
                "0.5",
                "--limit-memory",
                "512M",
                "--reserve-memory",
                "1g",
                "--restart-delay",
                "1m30s",
                "--update-delay",
                "500ms",
                "--stop-grace-period",
                "10s",
                "nginx:1.27");
        assertThat(s.name()).isEqualTo("web");
        assertThat(s.mode().replicated().replicas()).isEqualTo(3);
        var task = s.taskTemplate();
        assertThat(task.containerSpec().image()).isEqualTo("nginx:1.27");
        assertThat(task.resources().limits().nanoCPUs()).isEqualTo(500_000_000L);
        assertThat(task.resources().limits().memoryBytes()).isEqualTo(512L << 20);
        assertThat(task.resources().reservations().memoryBytes()).isEqualTo(1L << 30);
        assertThat(task.restartPolicy().delay()).isEqualTo(90_000_000_000L);
        assertThat(task.restartPolicy().condition())
                .as("defaults fill the rest of the policy")
                .isEqualTo("any");
        assertThat(s.updateConfig().delay()).isEqualTo(500_000_000L);
        assertThat(s.updateConfig().parallelism()).isEqualTo(1);
        assertThat(s.updateConfig().failureAction()).isEqualTo("pause");
        assertThat(s.rollbackConfig()).isNull();
        assertThat(task.containerSpec().stopGracePeriod()).isEqualTo(10_000_000_000L);
    }

    @Test
    void flagsAfterTheImageBelongToTheContainer() {
        ServiceSpec s = spec("-e", "A=1", "-e", "B=2", "-e", "A=3", "busybox", "sh", "-c", "sleep 1 --name x");
        assertThat(s.taskTemplate().containerSpec().args()).containsExactly("sh", "-c", "sleep 1 --name x");
        assertThat(s.taskTemplate().containerSpec().env()).containsExactly("A=3", "B=2");
        assertThat(s.name()).isNull();
    }

    @Test
    void publishesPortsInShortAndLongSyntax() {
        ServiceSpec s = spec(
                "-p",
                "8080:80",
                "-p",
                "9000-9001:90-91/udp",
                "--publish",
                "published=53,target=5353,protocol=udp,mode=host",
                "-p",
                "443",
                "img");
        assertThat(s.endpointSpec().ports())
                .containsExactly(
                        new PortConfig(null, "tcp", 80L, 8080L, "ingress"),
                        new PortConfig(null, "udp", 90L, 9000L, "ingress"),
                        new PortConfig(null, "udp", 91L, 9001L, "ingress"),
                        new PortConfig(null, "udp", 5353L, 53L, "host"),
                        new PortConfig(null, "tcp", 443L, 0L, "ingress"));
        assertThatThrownBy(() -> PortSpecs.parse("published=80"))
                .hasMessageContaining("missing mandatory field 'target'");
        assertThatThrownBy(() -> PortSpecs.parse("target=80,mode=bridge")).hasMessageContaining("invalid publish mode");
    }

    @Test
    void readsMountsInLongSyntax() {
        ServiceSpec s = spec(
                "--mount",
                "type=bind,source=/srv/data,target=/data,readonly",
                "--mount",
                "type=volume,src=cache,dst=/cache,volume-label=a=b,volume-driver=local",
                "--mount",
                "type=tmpfs,target=/tmp,tmpfs-size=64m,tmpfs-mode=1777",
                "img");
        List<Mount> mounts = s.taskTemplate().containerSpec().mounts();
        assertThat(mounts.get(0)).isEqualTo(new Mount("/data", "/srv/data", "bind", true, null, null, null, null));
        assertThat(mounts.get(1).type()).isEqualTo("volume");
        assertThat(mounts.get(1).volumeOptions().labels()).containsEntry("a", "b");
        assertThat(mounts.get(1).volumeOptions().driverConfig().name()).isEqualTo("local");
        assertThat(mounts.get(2).tmpfsOptions().sizeBytes()).isEqualTo(64L << 20);
        assertThat(mounts.get(2).tmpfsOptions().mode()).isEqualTo(01777);
        assertThatThrownBy(() -> MountSpecs.parse("type=bind,source=/a")).hasMessage("target is required");
        assertThatThrownBy(() -> MountSpecs.parse("type=bind,target=/a,volume-nocopy"))
                .hasMessageContaining("cannot mix 'volume-*' options with mount type 'bind'");
    }

    @Test
    void buildsModesPlacementAndHealth() {
        ServiceSpec global = spec(
                "--mode",
                "global",
                "--constraint",
                "node.role==worker",
                "--placement-pref",
                "spread=node.labels.dc",
                "--health-cmd",
                "true",
                "--health-interval",
                "5s",
                "img");
        assertThat(global.mode().global()).isNotNull();
        assertThat(global.taskTemplate().placement().constraints()).containsExactly("node.role==worker");
        assertThat(global.taskTemplate()
                        .placement()
                        .preferences()
                        .get(0)
                        .spread()
                        .spreadDescriptor())
                .isEqualTo("node.labels.dc");
        assertThat(global.taskTemplate().containerSpec().healthCheck().test()).containsExactly("CMD-SHELL", "true");
        assertThat(global.taskTemplate().containerSpec().healthCheck().interval())
                .isEqualTo(5_000_000_000L);

        ServiceSpec job = spec("--mode", "replicated-job", "--replicas", "4", "--max-concurrent", "2", "img");
        assertThat(job.mode().replicatedJob().totalCompletions()).isEqualTo(4);
        assertThat(job.mode().replicatedJob().maxConcurrent()).isEqualTo(2);

        ServiceSpec capped = spec("--replicas-max-per-node", "2", "--cap-add", "net_admin", "--init", "img");
        assertThat(capped.taskTemplate().placement().maxReplicas()).isEqualTo(2);
        assertThat(capped.taskTemplate().containerSpec().capabilityAdd()).containsExactly("CAP_NET_ADMIN");
        assertThat(capped.taskTemplate().containerSpec().init()).isTrue();
        assertThat(capped.mode().replicated().replicas()).isEqualTo(1);

        assertThatThrownBy(() -> spec("--mode", "global", "--replicas", "2", "img"))
                .hasMessageContaining("replicas can only be used with replicated");
        assertThatThrownBy(() -> spec("--no-healthcheck", "--health-cmd", "x", "img"))
                .hasMessageContaining("--no-healthcheck conflicts with --health-* options");
        assertThatThrownBy(() -> spec("--limit-memory", "lots", "img"))
                .hasMessageStartingWith("invalid argument \"lots\" for \"--limit-memory\" flag");
    }
}
