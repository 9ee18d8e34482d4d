package dev.skep.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.skep.trust.RootCA;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unmodified docker CLI against {@code --tlsverify}: DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH, as with dockerd. */
@Tag("docker") // needs the docker CLI binary (not dockerd): left out of the fast target
class DockerCliTlsTest {
    @TempDir
    Path dir;

    final TestPki pki = new TestPki();
    ApiServer server;

    @BeforeEach
    void start() throws Exception {
        assumeThat(docker()).as("a docker CLI on the PATH").isNotNull();
        Path certs = pki.leaf(dir.resolve("server"));
        TlsSetup tls = new TlsSetup(certs.resolve("ca.pem"), certs.resolve("cert.pem"), certs.resolve("key.pem"), true);
        server = new ApiServer(
                new FakeNode(),
                new ApiServer.Options(
                        null,
                        "127.0.0.1",
                        0,
                        "9.9.9-tls",
                        new ApiAccess(tls, false, null, false, ConnectionLimits.defaults())));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void cliWithAClientCertificateOfTheCaConnects() throws Exception {
        Path client = pki.leaf(dir.resolve("client"));
        Result r = run(client, "version", "--format", "{{.Server.Version}}");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().trim()).isEqualTo("9.9.9-tls");
    }

    @Test
    void cliWithACertificateOfAnotherCaIsRefused() throws Exception {
        Path stranger = pki.leaf(dir.resolve("stranger"), RootCA.create());
        Result r = run(stranger, "version", "--format", "{{.Server.Version}}");
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).doesNotContain("9.9.9-tls");
    }

    private record Result(int exit, String output) {}

    private Result run(Path certPath, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(docker()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "tcp://localhost:" + server.tcpPort());
        pb.environment().put("DOCKER_TLS_VERIFY", "1");
        pb.environment().put("DOCKER_CERT_PATH", certPath.toString());
        pb.environment().put("DOCKER_CONFIG", dir.resolve("cli-config").toString());
        pb.environment().remove("DOCKER_CONTEXT");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Result(p.exitValue(), out);
    }

    private static String docker() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, "docker");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
