package dev.skep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 12 (encryption at rest, autolock) with the docker CLI: {@code swarm init --autolock}, nothing secret in clear
 * under the data dir, a restarted manager that stays locked until the right unlock key, {@code unlock-key --rotate}
 * and {@code update --autolock=false}.
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutolockEndToEndTest extends SingleSkepdTest {
    private static final String LABEL = "label-value-5e0b7c2a91";
    private static final Pattern KEY = Pattern.compile("SWMKEY-1-[A-Za-z0-9+/]{43}");
    private static final String LOCKED =
            "Swarm is encrypted and needs to be unlocked before it can be used. Please use \"docker swarm unlock\"";

    private String unlockKey;

    @Override
    protected boolean initSwarm() {
        return false;
    }

    @Test
    @Order(1)
    void initWithAutolockPrintsTheUnlockKey() {
        CommandResult init = docker.ok("swarm", "init", "--autolock");
        Matcher m = KEY.matcher(init.stdout());
        assertThat(m.find()).as(init.stdout()).isTrue();
        unlockKey = m.group();
        skepd.nodeId();
        assertThat(docker.ok("swarm", "unlock-key", "-q").stdout().strip()).isEqualTo(unlockKey);
        assertThat(docker.ok("info", "--format", "{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}")
                        .stdout()
                        .strip())
                .isEqualTo("true");
        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "vault",
                "--replicas",
                "0",
                "--label",
                "com.example.secret=" + LABEL,
                TestImages.V1,
                "sleep",
                "3600");
    }

    @Test
    @Order(2)
    void noFileUnderTheDataDirHoldsTokensLabelsOrTheRootKeyInClear() throws IOException {
        Map<String, String> secrets = Map.of(
                "worker token",
                docker.ok("swarm", "join-token", "-q", "worker").stdout().strip(),
                "manager token",
                docker.ok("swarm", "join-token", "-q", "manager").stdout().strip(),
                "unlock key",
                unlockKey,
                "label",
                LABEL,
                // The root CA key lives only in the store; the node's own key (certificates/) is the one PEM key.
                "a private key outside certificates/",
                "PRIVATE KEY");
        Path data = skepd.dataDir();
        Path certs = data.resolve("certificates");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                secrets.forEach((what, text) -> {
                    if (what.startsWith("a private key") && f.startsWith(certs)) return;
                    if (content.contains(text)) found.add(what + " in " + data.relativize(f));
                });
            }
        }
        assertThat(found).isEmpty();
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("raft"))).isEqualTo("rwx------");
        assertThat(mode(certs)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("manager-keys.json"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("node.json"))).isEqualTo("rw-------");
    }

    @Test
    @Order(3)
    void aRestartedManagerStaysLockedUntilTheRightKey() {
        skepd.restart();
        assertThat(docker.ok("info", "--format", "{{.Swarm.LocalNodeState}}")
                        .stdout()
                        .strip())
                .isEqualTo("locked");
        CommandResult refused = docker.run("node", "ls");
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.stderr()).contains(LOCKED);

        CommandResult wrong = unlock("SWMKEY-1-" + "A".repeat(43));
        assertThat(wrong.succeeded()).isFalse();
        assertThat(wrong.stderr()).contains("swarm could not be unlocked: invalid key provided");
        assertThat(docker.ok("info", "--format", "{{.Swarm.LocalNodeState}}")
                        .stdout()
                        .strip())
                .isEqualTo("locked");

        unlock(unlockKey).assertSuccess();
        assertThat(docker.ok("info", "--format", "{{.Swarm.LocalNodeState}}")
                        .stdout()
                        .strip())
                .isEqualTo("active");
        assertThat(docker.ok("node", "ls", "-q").stdout().strip()).isEqualTo(skepd.nodeId());
        assertThat(docker.ok("service", "inspect", "vault", "--format", "{{index .Spec.Labels \"com.example.secret\"}}")
                        .stdout()
                        .strip())
                .isEqualTo(LABEL);
        assertThat(unlock(unlockKey).stderr()).contains("swarm is not locked");
    }

    @Test
    @Order(4)
    void rotationReplacesTheKeyAndAutolockOffRestartsUnlocked() {
        String rotated =
                docker.ok("swarm", "unlock-key", "-q", "--rotate").stdout().strip();
        assertThat(rotated).matches(KEY).isNotEqualTo(unlockKey);
        assertThat(docker.ok("swarm", "unlock-key", "-q").stdout().strip()).isEqualTo(rotated);
        skepd.restart();
        assertThat(unlock(unlockKey).stderr()).contains("invalid key provided");
        unlock(rotated).assertSuccess();

        docker.ok("swarm", "update", "--autolock=false");
        assertThat(docker.run("swarm", "unlock-key", "-q").succeeded()).isFalse(); // "no unlock key is set"
        skepd.restart();
        assertThat(docker.ok("info", "--format", "{{.Swarm.LocalNodeState}}")
                        .stdout()
                        .strip())
                .isEqualTo("active");
        assertThat(docker.ok("service", "ls", "--format", "{{.Name}}").stdout().strip())
                .isEqualTo("vault");

        docker.ok("swarm", "update", "--autolock=true");
        String again = docker.ok("swarm", "unlock-key", "-q").stdout().strip();
        assertThat(again).matches(KEY).isNotEqualTo(rotated);
    }

    /** {@code docker swarm unlock} reads the key from stdin when it is not a terminal. */
    private CommandResult unlock(String key) {
        return Commands.run(
                List.of("sh", "-c", "printf '%s\\n' \"$1\" | docker -H \"$2\" swarm unlock", "sh", key, docker.host()),
                Map.of(),
                java.time.Duration.ofSeconds(60));
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
