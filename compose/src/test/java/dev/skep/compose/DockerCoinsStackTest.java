package dev.skep.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerCoinsStackTest {
    private static final Path FILE = Path.of("src/test/resources/compose/valid/dockercoins.yml");
    private final Stack stack = ComposeFile.load(FILE, "coins", Map.of("HOME", "/root", "TAG", "v9"));

    private ServiceSpec spec(String key) {
        return stack.service(key).orElseThrow().spec();
    }

    @Test
    void servicesAreNamedAndLabelledWithTheStack() {
        ServiceSpec rng = spec("rng");
        assertThat(rng.name()).isEqualTo("coins_rng");
        assertThat(rng.labels())
                .containsEntry("com.docker.stack.namespace", "coins")
                .containsEntry("com.docker.stack.image", "dockercoins/rng:v9");
        assertThat(rng.taskTemplate().containerSpec().labels())
                .containsExactly(Map.entry("com.docker.stack.namespace", "coins"));
        assertThat(spec("worker").labels()).containsEntry("lesson", "dockercoins");
        assertThat(spec("worker").taskTemplate().containerSpec().labels()).doesNotContainKey("lesson");
    }

    @Test
    void dependenciesComeFirst() {
        List<String> order = stack.services().stream().map(StackService::key).toList();
        assertThat(order).containsExactly("hasher", "redis", "rng", "webui", "worker");
        assertThat(stack.service("webui").orElseThrow().dependsOn())
                .containsExactly(Map.entry("redis", StackService.HEALTHY));
        assertThat(stack.service("worker").orElseThrow().dependsOn()).containsOnlyKeys("rng", "hasher", "redis");
    }

    @Test
    void environmentWinsOverDotEnvAndDefaultsApply() {
        assertThat(spec("rng").taskTemplate().containerSpec().image()).isEqualTo("dockercoins/rng:v9");
        assertThat(spec("worker").mode().replicated().replicas()).isEqualTo(4L); // WORKERS from .env
        assertThat(spec("worker").taskTemplate().containerSpec().env())
                .containsExactly("HOME=/root", "PRICE=$5", "REDIS=redis");
    }

    @Test
    void commandIsSplitIntoArgsLikeAShell() {
        ContainerSpec worker = spec("worker").taskTemplate().containerSpec();
        assertThat(worker.args()).containsExactly("python", "worker.py", "--verbose", "two words");
        assertThat(worker.command()).isNull();
    }

    @Test
    void mergeKeysBringTheDefaults() {
        ServiceSpec hasher = spec("hasher");
        assertThat(hasher.taskTemplate().logDriver().name()).isEqualTo("json-file");
        assertThat(hasher.taskTemplate().logDriver().options()).containsEntry("max-size", "10m");
        assertThat(hasher.taskTemplate().restartPolicy().condition()).isEqualTo("any");
    }

    @Test
    void healthchecks() {
        var hc = spec("hasher").taskTemplate().containerSpec().healthCheck();
        assertThat(hc.test()).containsExactly("CMD-SHELL", "wget -q -O- http://localhost/ || exit 1");
        assertThat(hc.interval()).isEqualTo(5_000_000_000L);
        assertThat(hc.timeout()).isEqualTo(1_000_000_000L);
        assertThat(hc.retries()).isEqualTo(3L);
        assertThat(hc.startPeriod()).isEqualTo(90_000_000_000L);
        assertThat(stack.service("redis").orElseThrow().hasHealthcheck()).isTrue();
        assertThat(stack.service("worker").orElseThrow().hasHealthcheck()).isFalse();
    }

    @Test
    void deployModesAndPolicies() {
        assertThat(spec("rng").mode().global()).isNotNull();
        assertThat(spec("rng").endpointSpec().mode()).isEqualTo("dnsrr");
        assertThat(spec("hasher").mode().replicated().replicas()).isNull();
        var update = spec("worker").updateConfig();
        assertThat(update.parallelism()).isEqualTo(2L);
        assertThat(update.delay()).isEqualTo(10_000_000_000L);
        assertThat(update.failureAction()).isEqualTo("rollback");
        assertThat(update.monitor()).isEqualTo(60_000_000_000L);
        assertThat(update.maxFailureRatio()).isEqualTo(0.3);
        assertThat(update.order()).isEqualTo("start-first");
        assertThat(spec("worker").rollbackConfig().parallelism()).isZero();
        assertThat(spec("redis").updateConfig()).isNull();
    }

    @Test
    void resourcesPlacementAndRestart() {
        var task = spec("redis").taskTemplate();
        assertThat(task.resources().limits().nanoCPUs()).isEqualTo(500_000_000L);
        assertThat(task.resources().limits().memoryBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(task.resources().reservations().nanoCPUs()).isEqualTo(250_000_000L);
        assertThat(task.resources().reservations().memoryBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(task.placement().constraints()).containsExactly("node.role == manager");
        assertThat(task.placement().preferences().get(0).spread().spreadDescriptor())
                .isEqualTo("node.labels.zone");
        assertThat(task.placement().maxReplicas()).isEqualTo(1L);
        assertThat(task.restartPolicy().condition()).isEqualTo("on-failure");
        assertThat(task.restartPolicy().delay()).isEqualTo(5_000_000_000L);
        assertThat(task.restartPolicy().maxAttempts()).isEqualTo(3L);
        assertThat(task.restartPolicy().window()).isEqualTo(120_000_000_000L);
    }

    @Test
    void networksAreScopedAndCarryTheServiceAlias() {
        assertThat(spec("webui").taskTemplate().networks())
                .containsExactly(new NetworkAttachmentConfig("coins_coins", List.of("ui", "web", "webui"), null));
        assertThat(spec("rng").taskTemplate().networks())
                .containsExactly(new NetworkAttachmentConfig("coins_default", List.of("rng"), null));
        assertThat(stack.networks()).extracting(StackNetwork::name).containsExactly("coins_coins", "coins_default");
        var coins = stack.network("coins").orElseThrow().create();
        assertThat(coins.attachable()).isTrue();
        assertThat(coins.driver()).isNull();
        assertThat(coins.labels()).containsExactly(Map.entry("com.docker.stack.namespace", "coins"));
        assertThat(coins.ipam().config().get(0).subnet()).isEqualTo("10.20.0.0/24");
    }

    @Test
    void portsAndVolumes() {
        assertThat(spec("webui").endpointSpec().ports())
                .containsExactly(new PortConfig(null, "tcp", 80L, 8000L, "ingress"));
        var mount = spec("redis").taskTemplate().containerSpec().mounts().get(0);
        assertThat(mount.type()).isEqualTo("volume");
        assertThat(mount.source()).isEqualTo("coins_data");
        assertThat(mount.target()).isEqualTo("/data");
        assertThat(mount.volumeOptions().labels()).containsEntry("com.docker.stack.namespace", "coins");
    }

    @Test
    void unsetVariablesWarn() {
        Stack noWorkers = ComposeFile.load(FILE, "coins", Map.of("TAG", "x", "WORKERS", "1", "HOME", "/"));
        assertThat(noWorkers.warnings()).isEmpty();
        Stack parsed =
                ComposeFile.parse("f.yml", "services:\n  a:\n    image: \"x:$NOPE\"\n", Path.of("."), "s", Map.of());
        assertThat(parsed.warnings()).containsExactly("The NOPE variable is not set. Defaulting to a blank string.");
        assertThat(parsed.services()
                        .get(0)
                        .spec()
                        .taskTemplate()
                        .containerSpec()
                        .image())
                .isEqualTo("x:");
    }
}
