package dev.skep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skep.demo.CoinsProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #5 point 4, the fallback of {@code ./skep demo} for a user who is not root: {@code scripts/host-cluster.sh}
 * starts three nodes as processes of an unprivileged user (a member of the docker group, as such a user would be)
 * sharing the host's dockerd, with the shared-host data plane. The DockerCoins stack deployed with the unmodified
 * docker CLI mines across the nodes: the worker finds rng (global: one per node), hasher and redis through Docker's
 * DNS, and the web UI answers on the published port through the nodes' proxies. The user's processes cannot touch
 * the kernel's network configuration, so this is also the proof that the mode needs no root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedHostCoinsEndToEndTest {
    private static final String USER = "skep-shared-it";
    private static final List<String> IMAGES = List.of(
            "skep-coins-rng:1",
            "skep-coins-hasher:1",
            "skep-coins-worker:1",
            "skep-coins-webui:1",
            "skep-coins-redis:1");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private final CoinsProbe webUi = new CoinsProbe("http://127.0.0.1:8000");
    private final DockerCli host = DockerCli.hostDockerd();
    private final Path clusterDir =
            Path.of("/tmp/skep-sh-" + UUID.randomUUID().toString().substring(0, 6));
    private Path install;
    private boolean userCreated;
    private DockerCli node1;

    @BeforeAll
    void start() throws IOException {
        TestImages.ensureAvailable();
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create the unprivileged user");
        for (String image : IMAGES) HostOverlay.assumeImage(image, "demo/coins/build-images.sh");
        assumeTrue(
                Commands.run(List.of("getent", "group", "docker"), Map.of(), Duration.ofSeconds(10))
                        .succeeded(),
                "needs the docker group");
        createUser();
        install = readableInstall();
        CommandResult up = asUser(List.of(
                "bash", install.resolve("scripts/host-cluster.sh").toString(), "up", "3", clusterDir.toString()));
        assertThat(up.succeeded()).as("host-cluster.sh up: %s", up).isTrue();
        node1 = new DockerCli("unix://" + clusterDir.resolve("node1/skep.sock"));
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (install != null) {
                asUser(List.of(
                        "bash", install.resolve("scripts/host-cluster.sh").toString(), "down", clusterDir.toString()));
                deleteTree(install);
            }
        } finally {
            if (userCreated) Commands.run(List.of("userdel", USER), Map.of(), Duration.ofSeconds(30));
        }
        assertThat(stackContainers()).as("the nodes' containers are gone").isEmpty();
    }

    @Test
    void theCoinsStackMinesOnNodesThatAreProcessesOfAnUnprivilegedUser() {
        assertThat(node1.ok("node", "ls", "--format", "{{.Hostname}} {{.Status}}")
                        .lines())
                .containsExactlyInAnyOrder("node1 Ready", "node2 Ready", "node3 Ready");
        assertThat(daemonOwners())
                .as("skepd runs as %s", USER)
                .containsOnly(USER)
                .hasSize(3);

        CommandResult deploy = Commands.run(
                        List.of(
                                "docker",
                                "-H",
                                node1.host(),
                                "stack",
                                "deploy",
                                "-c",
                                TestImages.repositoryRoot()
                                        .resolve("demo/coins/dockercoins.yml")
                                        .toString(),
                                "coins"),
                        Map.of("RNG_MODE", "global", "DOCKER_CLI_HINTS", "false"),
                        Duration.ofSeconds(120))
                .assertSuccess();
        assertThat(deploy.output()).contains("Creating service coins_worker");

        long first = await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(webUi::hashes, OptionalLong::isPresent)
                .getAsLong();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> webUi.hashes().orElse(first) > first + 5);
        assertThat(node1.ok("service", "ps", "coins_rng", "--filter", "desired-state=running", "--format", "{{.Node}}")
                        .lines())
                .containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    private void createUser() {
        if (Commands.run(List.of("id", USER), Map.of(), Duration.ofSeconds(10)).succeeded()) return;
        CommandResult r = Commands.run(
                List.of(
                        "useradd",
                        "--system",
                        "--no-create-home",
                        "--groups",
                        "docker",
                        "--shell",
                        "/usr/sbin/nologin",
                        USER),
                Map.of(),
                Duration.ofSeconds(30));
        assertThat(r.succeeded()).as("useradd: %s", r).isTrue();
        userCreated = true;
    }

    /**
     * The script and skepd's class path copied where the user can read them: the build's own jars may sit under
     * root's home (the Maven repository), which other users cannot enter.
     */
    private Path readableInstall() throws IOException {
        Path dir = Files.createTempDirectory(
                "skep-sh-install", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        int directories = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isRegularFile(source)) {
                Files.copy(
                        source,
                        lib.resolve(Files.size(source) + "-" + source.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            } else if (Files.isDirectory(source)) {
                copyTree(source, dir.resolve(String.format("classes-%03d", directories++)));
            }
        }
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        for (String script : List.of("host-cluster.sh", "skepd-common.sh")) {
            Files.copy(TestImages.repositoryRoot().resolve("scripts").resolve(script), scripts.resolve(script));
        }
        makeReadable(dir);
        return dir;
    }

    private CommandResult asUser(List<String> command) {
        List<String> full = new ArrayList<>(List.of(
                "runuser",
                "-u",
                USER,
                "--",
                "env",
                "SKEP_JAVA=" + ProcessHandle.current().info().command().orElse("java"),
                "SKEP_CLASSPATH=" + classPath(),
                "SKEP_HOST_PORT=12377",
                "SKEP_JAVA_OPTS=-Xmx384m -XX:+UseSerialGC -XX:-UsePerfData",
                "DOCKER_HOST=unix:///var/run/docker.sock"));
        full.addAll(command);
        return Commands.run(full, Map.of(), SCRIPT_TIMEOUT);
    }

    private String classPath() {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(install)) {
            children.filter(p -> p.getFileName().toString().startsWith("classes-"))
                    .sorted()
                    .forEach(p -> entries.add(p.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        entries.add(install.resolve("lib") + "/*");
        return String.join(":", entries);
    }

    private List<String> daemonOwners() {
        List<String> owners = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            try {
                long pid = Long.parseLong(Files.readString(clusterDir.resolve("node" + k + "/skepd.pid"))
                        .strip());
                owners.add(ProcessHandle.of(pid).flatMap(h -> h.info().user()).orElse("?"));
            } catch (IOException e) {
                owners.add("?");
            }
        }
        return owners;
    }

    private List<String> stackContainers() {
        return host.ok("ps", "-aq", "--filter", "label=com.docker.stack.namespace=coins").lines().stream()
                .filter(l -> !l.isBlank())
                .toList();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void makeReadable(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
