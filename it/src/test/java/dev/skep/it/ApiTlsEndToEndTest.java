package dev.skep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.trust.NodeCsr;
import dev.skep.trust.Pem;
import dev.skep.trust.RootCA;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skepd's TCP API as an operator sets it up (issue 12): {@code --tlsverify} with their own CA lets the unmodified
 * docker CLI in with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH and keeps everyone else out; plain TCP is refused at
 * start, and served with dockerd's warning only after {@code --insecure-api}.
 */
class ApiTlsEndToEndTest {
    @TempDir
    Path dir;

    private final RootCA ca = RootCA.create();
    private final List<SkepProcess> daemons = new ArrayList<>();

    @AfterEach
    void stop() {
        SkepProcess.closeAll(daemons);
    }

    @Test
    void tlsVerifyAdmitsOnlyClientsWithACertificateOfTheOperatorsCa() throws IOException {
        Path server = leaf("server", ca);
        int port = freePort();
        daemons.add(SkepProcess.start(
                "skep-it-tls",
                "sim",
                List.of(
                        "--api-addr",
                        "127.0.0.1:" + port,
                        "--tlsverify",
                        "--tlscacert",
                        server.resolve("ca.pem").toString(),
                        "--tlscert",
                        server.resolve("cert.pem").toString(),
                        "--tlskey",
                        server.resolve("key.pem").toString())));

        CommandResult ok = tlsDocker(port, leaf("client", ca), "info", "--format", "{{.Name}} {{len .Warnings}}");
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.stdout().trim()).isEqualTo("skep-it-tls 0");
        CommandResult init = tlsDocker(port, dir.resolve("client"), "swarm", "init");
        assertThat(init.exitCode()).as(init.output()).isZero();

        CommandResult stranger = tlsDocker(port, leaf("stranger", RootCA.create()), "info");
        assertThat(stranger.exitCode()).isNotZero();
        CommandResult plain = Commands.run(
                List.of("docker", "-H", "tcp://127.0.0.1:" + port, "info"), Map.of(), Duration.ofSeconds(60));
        assertThat(plain.exitCode()).isNotZero();
    }

    @Test
    void plainTcpIsRefusedAtStartUnlessInsecureApiIsGivenAndThenWarned() throws IOException {
        int port = freePort();
        assertThatThrownBy(() -> daemons.add(
                        SkepProcess.start("skep-it-plain", "sim", List.of("--api-addr", "127.0.0.1:" + port))))
                .hasMessageContaining("skepd exited with 2");
        // picocli prints the reason, then the usage; the process's log is kept under target/skepd-logs
        assertThat(Files.readString(Path.of("target", "skepd-logs", "skep-it-plain.log")))
                .contains("refusing to serve the API on tcp://127.0.0.1:" + port + " without TLS");

        SkepProcess skepd = SkepProcess.start(
                "skep-it-insecure", "sim", List.of("--api-addr", "127.0.0.1:" + port, "--insecure-api"));
        daemons.add(skepd);
        CommandResult info = Commands.run(
                List.of("docker", "-H", "tcp://127.0.0.1:" + port, "info", "--format", "{{json .Warnings}}"),
                Map.of(),
                Duration.ofSeconds(60));
        assertThat(info.exitCode()).as(info.output()).isZero();
        assertThat(info.stdout())
                .contains("WARNING: API is accessible on http://127.0.0.1:" + port + " without encryption.");
        assertThat(Files.readString(skepd.logFile())).contains("without encryption.");
    }

    private CommandResult tlsDocker(int port, Path certPath, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return Commands.run(
                command,
                Map.of(
                        "DOCKER_HOST",
                        "tcp://localhost:" + port,
                        "DOCKER_TLS_VERIFY",
                        "1",
                        "DOCKER_CERT_PATH",
                        certPath.toString(),
                        "DOCKER_CONFIG",
                        dir.resolve("docker-config").toString()),
                Duration.ofSeconds(60));
    }

    /** ca.pem (the operator's CA) and a cert.pem/key.pem pair for {@code localhost} signed by {@code signer}. */
    private Path leaf(String name, RootCA signer) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = signer.issue(csr.keyPair().getPublic(), "localhost", RootCA.MANAGER, "api", null);
        Files.writeString(d.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(d.resolve("cert.pem"), Pem.encode(cert));
        Files.writeString(d.resolve("key.pem"), Pem.encode(csr.keyPair().getPrivate()));
        return d;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
