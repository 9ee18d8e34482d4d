package dev.skep.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;
import dev.skep.trust.RootCA;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may reach the client API and at what cost: TLS, insecure TCP, JSON bodies, limits, the socket's mode. */
class ApiAccessTest {
    private static final ConnectionLimits SMALL =
            new ConnectionLimits(1024, 3, Duration.ofMillis(300), Duration.ofMillis(300));

    @TempDir
    Path dir;

    final FakeNode node = new FakeNode();
    final TestPki pki = new TestPki();
    final List<ApiServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(ApiServer::close);
    }

    private ApiServer tcp(ApiAccess access) throws Exception {
        ApiServer s = new ApiServer(node, new ApiServer.Options(null, "127.0.0.1", 0, "test", access));
        servers.add(s);
        s.start();
        return s;
    }

    private ApiAccess tls(boolean verify) throws IOException {
        Path server = pki.leaf(dir.resolve("server"));
        TlsSetup t =
                new TlsSetup(server.resolve("ca.pem"), server.resolve("cert.pem"), server.resolve("key.pem"), verify);
        return new ApiAccess(t, false, null, false, ConnectionLimits.defaults());
    }

    private static HttpResponse<String> https(SSLContext ssl, int port, String path) throws Exception {
        HttpClient c = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return c.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tlsVerifyServesClientsWithACertificateOfTheGivenCaOnly() throws Exception {
        ApiServer s = tcp(tls(true));
        Path client = pki.leaf(dir.resolve("client"));
        assertThat(https(pki.client(client), s.tcpPort(), "/_ping").body()).isEqualTo("OK");
        JsonNode info = Json.MAPPER.readTree(
                https(pki.client(client), s.tcpPort(), "/info").body());
        // no warning about the API (the test node has no Docker Engine, which /info also says)
        assertThat(info.get("Warnings")).noneSatisfy(w -> assertThat(w.asText()).contains("API is accessible"));

        assertThatThrownBy(() -> https(pki.client(null), s.tcpPort(), "/_ping"))
                .as("no client certificate")
                .isInstanceOf(IOException.class);
        Path stranger = pki.leaf(dir.resolve("stranger"), RootCA.create());
        assertThatThrownBy(() -> https(pki.client(stranger), s.tcpPort(), "/_ping"))
                .as("a client certificate from another CA")
                .isInstanceOf(IOException.class);
        assertThat(raw(s.tcpPort(), "GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .as("plain HTTP on the TLS port gets no answer")
                .doesNotContain("200 OK");
    }

    @Test
    void tlsWithoutVerifyAsksNoClientCertificateAndWarnsInInfo() throws Exception {
        ApiServer s = tcp(tls(false));
        assertThat(https(pki.client(null), s.tcpPort(), "/_ping").body()).isEqualTo("OK");
        JsonNode info = Json.MAPPER.readTree(
                https(pki.client(null), s.tcpPort(), "/info").body());
        assertThat(info.get("Warnings").get(0).asText())
                .startsWith("WARNING: API is accessible on https://127.0.0.1:0 without TLS client verification.")
                .contains("\n         Access to the remote API is equivalent to root access on the host.");
    }

    @Test
    void plainTcpIsRefusedUnlessInsecureAccessIsAsked() throws Exception {
        ApiServer refused = new ApiServer(node, new ApiServer.Options(null, "127.0.0.1", 0, "test", ApiAccess.local()));
        servers.add(refused);
        assertThatThrownBy(refused::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without TLS")
                .hasMessageContaining("--insecure-api");
        assertThat(refused.tcpPort()).isEqualTo(-1);

        ApiServer s = tcp(new ApiAccess(null, true, null, false, ConnectionLimits.defaults()));
        String info = raw(s.tcpPort(), "GET /info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        JsonNode body = Json.MAPPER.readTree(info.substring(info.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("Warnings").get(0).asText())
                .startsWith("WARNING: API is accessible on http://127.0.0.1:0 without encryption.");
    }

    @Test
    void jsonBodiesMustSayApplicationJson() throws Exception {
        Path socket = dir.resolve("api.sock");
        ApiServer s = new ApiServer(node, ApiServer.Options.unix(socket));
        servers.add(s);
        s.start();
        UnixHttp http = new UnixHttp(socket);
        String init = "{\"ListenAddr\":\"0.0.0.0:2377\"}";

        UnixHttp.Reply plain = http.send("POST", "/v1.45/swarm/init", "text/plain", init);
        assertThat(plain.status()).isEqualTo(400);
        assertThat(message(plain))
                .isEqualTo("unsupported Content-Type header (text/plain): must be 'application/json'");
        UnixHttp.Reply form = http.send("POST", "/v1.45/swarm/init", "application/x-www-form-urlencoded", init);
        assertThat(form.status()).isEqualTo(400);
        UnixHttp.Reply none = http.send("POST", "/v1.45/swarm/init", null, init);
        assertThat(message(none)).isEqualTo("malformed Content-Type header (): mime: no media type");
        assertThat(node.localNodeState()).as("nothing changed").isEqualTo("inactive");

        // the docker CLI's body-less POSTs say text/plain, which only routes that read JSON refuse
        assertThat(http.send("POST", "/v1.45/swarm/leave", "text/plain", null).status())
                .isNotEqualTo(400);
        UnixHttp.Reply json = http.send("POST", "/v1.45/swarm/init", "application/json; charset=utf-8", init);
        assertThat(json.status()).as(json.text()).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAre413WithoutBeingRead() throws Exception {
        ApiServer s = tcp(new ApiAccess(null, true, null, false, SMALL));
        String big = "{\"Name\":\"" + "x".repeat(2000) + "\"}";
        String declared = raw(
                s.tcpPort(),
                "POST /v1.45/services/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + big.length() + "\r\n\r\n" + big);
        assertThat(declared).startsWith("HTTP/1.1 413").contains("at most 1024 bytes");
        String chunked = raw(
                s.tcpPort(),
                "POST /v1.45/services/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length()) + "\r\n" + big
                        + "\r\n0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 413");
    }

    @Test
    void silentAndSlowClientsAreDisconnected() throws Exception {
        ApiServer s = tcp(new ApiAccess(null, true, null, false, SMALL));
        try (Socket idle = new Socket("127.0.0.1", s.tcpPort())) {
            idle.setSoTimeout(20_000);
            assertThat(idle.getInputStream().read())
                    .as("closed after the idle timeout")
                    .isEqualTo(-1);
        }
        try (Socket slow = new Socket("127.0.0.1", s.tcpPort())) {
            slow.setSoTimeout(20_000);
            slow.getOutputStream().write("GET /_ping HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(slow.getInputStream().read()).as("head never completed").isEqualTo(-1);
        }
    }

    @Test
    void connectionsOverTheCapAreClosed() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(1024, 2, Duration.ofSeconds(60), Duration.ofSeconds(60));
        ApiServer s = tcp(new ApiAccess(null, true, null, false, limits));
        try (Socket a = new Socket("127.0.0.1", s.tcpPort());
                Socket b = new Socket("127.0.0.1", s.tcpPort())) {
            for (Socket k : List.of(a, b)) {
                k.getOutputStream().write("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readHead(k.getInputStream())).startsWith("HTTP/1.1 200");
            }
            try (Socket c = new Socket("127.0.0.1", s.tcpPort())) {
                c.setSoTimeout(20_000);
                assertThat(c.getInputStream().read()).isEqualTo(-1);
            }
        }
        // the server learns of the closed connections asynchronously: a slot is free again once it has
        assertThat(pingAfterSlotsFree(s.tcpPort())).as("a slot is free again").startsWith("HTTP/1.1 200");
    }

    private static String pingAfterSlotsFree(int port) throws Exception {
        String head = "";
        for (int attempt = 0; attempt < 200 && !head.startsWith("HTTP/1.1 200"); attempt++) {
            if (attempt > 0) Thread.sleep(50);
            try (Socket again = new Socket("127.0.0.1", port)) {
                again.setSoTimeout(20_000);
                again.getOutputStream()
                        .write("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                head = readHead(again.getInputStream());
            } catch (IOException closed) {
                head = "";
            }
        }
        return head;
    }

    @Test
    void socketIsCreated0660WithTheAskedGroupAndNoStagingLeft() throws Exception {
        assumeThat(groupExists("docker")).as("group docker").isTrue();
        Path socket = dir.resolve("run/api.sock");
        ApiServer s = new ApiServer(
                node,
                new ApiServer.Options(
                        socket,
                        null,
                        0,
                        "test",
                        new ApiAccess(null, false, "docker", true, ConnectionLimits.defaults())));
        servers.add(s);
        s.start();
        PosixFileAttributes a = Files.readAttributes(socket, PosixFileAttributes.class);
        assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-rw----");
        assertThat(a.group().getName()).isEqualTo("docker");
        try (var files = Files.list(socket.getParent())) {
            assertThat(files).containsExactly(socket);
        }
        assertThat(new UnixHttp(socket).get("/_ping").text()).isEqualTo("OK");
    }

    @Test
    void anUnknownExplicitGroupStopsTheStart() {
        Path socket = dir.resolve("api.sock");
        ApiServer s = new ApiServer(
                node,
                new ApiServer.Options(
                        socket,
                        null,
                        0,
                        "test",
                        new ApiAccess(null, false, "no-such-group-skep", true, ConnectionLimits.defaults())));
        servers.add(s);
        assertThatThrownBy(s::start).isInstanceOf(IOException.class).hasMessageContaining("no-such-group-skep");
        assertThat(socket).doesNotExist();
    }

    private static boolean groupExists(String name) throws IOException {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        }
    }

    private static String message(UnixHttp.Reply r) throws IOException {
        return Json.MAPPER.readTree(r.body()).get("message").asText();
    }

    /** Sends raw bytes over plain TCP and reads until the server closes (or resets) the connection. */
    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(out);
            } catch (IOException reset) {
                // a connection the server gives up on may end in a reset
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            b.append((char) c);
        }
        return b.toString();
    }
}
