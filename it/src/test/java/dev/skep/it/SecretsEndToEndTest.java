package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Secrets and configs through the unmodified docker CLI: create, list, inspect (never the data), a service that
 * reads them inside its container with the requested mode and owner, rotation by {@code --secret-rm/--secret-add},
 * the refusal to remove a secret in use, no files left once the service is gone, and a secret's bytes (in clear or
 * base64) in no file of the data dir outside the secrets tmpfs (Raft log, snapshots, keys, node state) nor in the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsEndToEndTest extends SingleSkepdTest {
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final String PASSWORD = "hunter2-e2e-secret";
    private static final String PASSWORD_V2 = "rotated-e2e-secret";
    private final DockerCli host = DockerCli.hostDockerd();

    private Path file(String name, String content) throws IOException {
        Path f = skepd.dataDir().getParent().resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    @Order(1)
    void secretsAndConfigsAreCreatedListedAndNeverShowTheirData() throws IOException {
        docker.ok(
                "secret",
                "create",
                "--label",
                "team=db",
                "db_pw",
                file("pw", PASSWORD).toString());
        docker.ok("config", "create", "app.conf", file("conf", "listen=8080\n").toString());

        assertThat(docker.ok("secret", "ls", "--format", "{{.Name}}").lines()).containsExactly("db_pw");
        assertThat(docker.ok("secret", "ls", "--filter", "label=team=db", "-q").lines())
                .hasSize(1);
        String inspect = docker.ok("secret", "inspect", "db_pw").stdout();
        assertThat(inspect)
                .contains("\"Name\": \"db_pw\"")
                .doesNotContain(PASSWORD)
                .doesNotContain(b64(PASSWORD));
        assertThat(docker.ok("config", "inspect", "--pretty", "app.conf").stdout())
                .contains("listen=8080");

        CommandResult dup =
                docker.run("secret", "create", "db_pw", file("pw", PASSWORD).toString());
        assertThat(dup.exitCode()).isNotZero();
        assertThat(dup.output()).contains("secret db_pw already exists");
        // with --driver the docker CLI sends no data (it refuses a file itself): the server must refuse the driver
        CommandResult driver = docker.run("secret", "create", "--driver", "vault", "ext");
        assertThat(driver.exitCode()).isNotZero();
        assertThat(driver.output()).contains("secret driver \"vault\" is not supported");
    }

    @Test
    @Order(2)
    void aServiceReadsItsSecretAndConfigInsideTheContainer() {
        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "vault",
                "--secret",
                "source=db_pw,target=pw,uid=1000,gid=1001,mode=0440",
                "--config",
                "source=app.conf,target=/etc/app.conf",
                "skep-busybox:latest",
                "sleep",
                "3600");
        String container = runningContainer("vault");

        assertThat(exec(container, "cat", "/run/secrets/pw")).isEqualTo(PASSWORD);
        assertThat(exec(container, "stat", "-c", "%a %u %g", "/run/secrets/pw")).isEqualTo("440 1000 1001");
        assertThat(exec(container, "cat", "/etc/app.conf")).isEqualTo("listen=8080");
        CommandResult write = host.run("exec", container, "sh", "-c", "echo x > /run/secrets/pw");
        assertThat(write.exitCode()).isNotZero();

        assertThat(docker.ok("service", "inspect", "vault").stdout())
                .contains("\"SecretName\": \"db_pw\"")
                .doesNotContain(PASSWORD)
                .doesNotContain(b64(PASSWORD));
        String task =
                docker.ok("service", "ps", "-q", "--no-trunc", "vault").lines().get(0);
        assertThat(docker.ok("inspect", "--type", "task", task).stdout())
                .contains("\"SecretID\"")
                .doesNotContain(b64(PASSWORD));
        CommandResult rm = docker.run("secret", "rm", "db_pw");
        assertThat(rm.exitCode()).isNotZero();
        assertThat(rm.output()).contains("secret 'db_pw' is in use by the following service: vault");
    }

    @Test
    @Order(3)
    void rotationReplacesTheTaskWithTheNewSecret() throws IOException {
        docker.ok("secret", "create", "db_pw_v2", file("pw2", PASSWORD_V2).toString());
        docker.ok(
                "service",
                "update",
                "--detach",
                "--secret-rm",
                "db_pw",
                "--secret-add",
                "source=db_pw_v2,target=pw",
                "vault");
        eventually(CONVERGE).untilAsserted(() -> {
            String container = runningContainer("vault");
            assertThat(exec(container, "cat", "/run/secrets/pw")).isEqualTo(PASSWORD_V2);
        });
        docker.ok("secret", "rm", "db_pw");
    }

    @Test
    @Order(4)
    void removingTheServiceLeavesNoFiles() throws IOException {
        docker.ok("service", "rm", "vault");
        Path secrets = skepd.dataDir().resolve("secrets");
        eventually(CONVERGE).untilAsserted(() -> assertThat(taskDirs(secrets)).isEmpty());
        docker.ok("secret", "rm", "db_pw_v2");
        docker.ok("config", "rm", "app.conf");
        assertThat(docker.ok("secret", "ls", "-q").lines()).isEmpty();
        try (Stream<String> log = Files.lines(skepd.logFile())) {
            assertThat(log.filter(l -> l.contains(PASSWORD) || l.contains(PASSWORD_V2)))
                    .isEmpty();
        }
    }

    @Test
    @Order(5)
    void aStackWithSecretsAndConfigsDeploysRedeploysUnchangedAndIsRemoved() throws IOException {
        docker.ok("secret", "create", "shared_key", file("key", "external-key").toString());
        file("stack-pw", "stack-password");
        file("stack.conf", "mode=stack");
        Path compose = file("secrets-stack.yml", """
                version: "3.8"
                services:
                  app:
                    image: skep-busybox:latest
                    command: ["sleep", "3600"]
                    secrets:
                      - db_pw
                      - source: api_key
                        target: key
                        mode: 0400
                    configs:
                      - source: conf
                        target: /etc/stack.conf
                secrets:
                  db_pw:
                    file: ./stack-pw
                  api_key:
                    external: true
                    name: shared_key
                configs:
                  conf:
                    file: ./stack.conf
                """);
        assertThat(docker.ok("stack", "deploy", "-c", compose.toString(), "sec").output())
                .contains("Creating secret sec_db_pw", "Creating config sec_conf", "Creating service sec_app");
        String container = runningContainer("sec_app");
        assertThat(exec(container, "cat", "/run/secrets/db_pw")).isEqualTo("stack-password");
        assertThat(exec(container, "cat", "/run/secrets/key")).isEqualTo("external-key");
        assertThat(exec(container, "stat", "-c", "%a", "/run/secrets/key")).isEqualTo("400");
        assertThat(exec(container, "cat", "/etc/stack.conf")).isEqualTo("mode=stack");
        List<String> tasks = docker.ok("service", "ps", "-q", "sec_app").lines();

        docker.ok("stack", "deploy", "-c", compose.toString(), "sec");
        assertThat(skepd.skep("stack", "deploy", "-c", compose.toString(), "sec")
                        .assertSuccess()
                        .output())
                .contains("Service sec_app is up to date");
        assertThat(docker.ok("service", "ps", "-q", "sec_app").lines()).isEqualTo(tasks);
        assertThat(runningContainer("sec_app")).isEqualTo(container);

        docker.ok("stack", "rm", "sec");
        eventually(CONVERGE)
                .untilAsserted(() -> assertThat(docker.ok("secret", "ls", "--format", "{{.Name}}")
                                .lines())
                        .containsExactly("shared_key"));
        assertThat(docker.ok("config", "ls", "-q").lines()).isEmpty();
        docker.ok("secret", "rm", "shared_key");
    }

    @Test
    @Order(6)
    void aSecretIsOnNoDiskFileNorInTheLog() throws IOException {
        String value = "at-rest-" + UUID.randomUUID();
        Path source = Files.createTempFile("skep-at-rest", ".txt");
        try {
            Files.writeString(source, value);
            docker.ok("secret", "create", "at_rest", source.toString());
        } finally {
            Files.delete(source);
        }
        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "atrest",
                "--secret",
                "source=at_rest,target=v",
                "skep-busybox:latest",
                "sleep",
                "3600");
        String container = runningContainer("atrest");
        assertThat(exec(container, "cat", "/run/secrets/v")).isEqualTo(value);

        // the task's file lives in the secrets tmpfs (memory): that directory is skipped, so check it is one
        Path tmpfs = skepd.dataDir().resolve("secrets");
        assertThat(Files.getFileStore(tmpfs).type()).isEqualTo("tmpfs");
        List<Path> files = filesOutside(skepd.dataDir(), tmpfs);
        assertThat(files)
                .as("the data dir holds the Raft log and the node state")
                .anyMatch(f -> f.startsWith(skepd.dataDir().resolve("raft")));
        files.add(skepd.logFile());
        List<byte[]> needles = List.of(bytes(value), bytes(b64(value)));
        assertThat(filesOutside(tmpfs, tmpfs.resolve("none")).stream().filter(f -> containsAny(f, needles)))
                .as("the search finds the task's file in the tmpfs")
                .hasSize(1);
        assertThat(files.stream().filter(f -> containsAny(f, needles)))
                .as("files holding the secret in clear or in base64")
                .isEmpty();

        docker.ok("service", "rm", "atrest");
        eventually(CONVERGE).untilAsserted(() -> assertThat(taskDirs(tmpfs)).isEmpty());
        docker.ok("secret", "rm", "at_rest");
    }

    /** Every regular file under {@code root}, except under {@code skip}. */
    private static List<Path> filesOutside(Path root, Path skip) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.startsWith(skip))
                    .filter(Files::isRegularFile)
                    .collect(Collectors.toCollection(ArrayList::new));
        }
    }

    private static boolean containsAny(Path file, List<byte[]> needles) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) { // deleted while we walk (a compacted Raft segment): nothing left on disk
            return false;
        }
        for (byte[] needle : needles) {
            for (int i = 0; i + needle.length <= content.length; i++) {
                if (Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> taskDirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private String runningContainer(String service) {
        String[] id = new String[1];
        eventually(CONVERGE).untilAsserted(() -> {
            List<String> ids = host.run(
                            "ps",
                            "-q",
                            "--filter",
                            "label=com.docker.swarm.service.name=" + service,
                            "--filter",
                            "status=running")
                    .lines();
            assertThat(ids).hasSize(1);
            id[0] = ids.get(0);
        });
        return id[0];
    }

    private String exec(String container, String... cmd) {
        String[] args =
                Stream.concat(Stream.of("exec", container), Stream.of(cmd)).toArray(String[]::new);
        return host.ok(args).stdout().trim();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
