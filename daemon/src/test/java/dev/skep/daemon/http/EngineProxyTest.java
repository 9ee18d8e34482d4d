package dev.skep.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine passthrough against a stand-in engine on loopback TCP (the JDK's HTTP server, or a socket that speaks
 * the upgrade): what the client sends reaches the engine, and the engine's answer reaches the client, streamed.
 */
class EngineProxyTest {
    @TempDir
    Path dir;

    private final List<String> engineSaw = new CopyOnWriteArrayList<>();
    private HttpServer engine;
    private ApiServer server;
    private UnixHttp http;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (engine != null) engine.stop(0);
    }

    private void startSkep(String dockerHost) throws Exception {
        FakeNode node = new FakeNode();
        node.dockerHost = dockerHost;
        Path socket = dir.resolve("skep.sock");
        server = new ApiServer(node, ApiServer.Options.unix(socket));
        server.start();
        http = new UnixHttp(socket);
    }

    private void startEngine(CountDownLatch streamGate) throws Exception {
        engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        engine.createContext("/", ex -> {
            engineSaw.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.getResponseHeaders().set("Api-Version", "1.41");
            String path = ex.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.endsWith("/_ping")) {
                reply(ex, 200, "OK");
            } else if (path.endsWith("/containers/json")) {
                ex.getResponseHeaders().set("X-Engine", "dockerd");
                reply(ex, 200, "[{\"Id\":\"c1\"}]");
            } else if (path.endsWith("/containers/busy")) {
                reply(ex, 409, "{\"message\":\"container c1 is busy: stop it first\"}");
            } else if (path.endsWith("/build")) {
                reply(ex, 200, HexFormat.of().formatHex(sha256(body)));
            } else if (path.endsWith("/logs")) {
                ex.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = ex.getResponseBody()) {
                    out.write("first line\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    streamGate.await(10, TimeUnit.SECONDS);
                    out.write("second line\n".getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                reply(ex, 404, "{\"message\":\"page not found\"}");
            }
        });
        engine.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private String engineHost() {
        return "tcp://127.0.0.1:" + engine.getAddress().getPort();
    }

    @Test
    void engineRoutesGetTheEnginesAnswerAsItWasWritten() throws Exception {
        startEngine(new CountDownLatch(0));
        startSkep(engineHost());

        UnixHttp.Reply ps = http.get("/v1.45/containers/json?all=1");
        assertThat(ps.status()).isEqualTo(200);
        assertThat(ps.text()).isEqualTo("[{\"Id\":\"c1\"}]");
        assertThat(ps.header("X-Engine")).isEqualTo("dockerd");
        assertThat(ps.header("Api-Version")).isEqualTo("1.41");
        // the CLI negotiated Skep's newer version; the engine gets its own newest
        assertThat(engineSaw).contains("GET /v1.41/containers/json?all=1");

        UnixHttp.Reply refused = http.send("DELETE", "/v1.45/containers/busy", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).isEqualTo("{\"message\":\"container c1 is busy: stop it first\"}");

        UnixHttp.Reply unknown = http.get("/v1.45/no/such/route");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).isEqualTo("{\"message\":\"page not found\"}");
        assertThat(engineSaw).contains("GET /v1.41/no/such/route");
    }

    @Test
    void skepsOwnRoutesNeverReachTheEngine() throws Exception {
        startEngine(new CountDownLatch(0));
        startSkep(engineHost());

        UnixHttp.Reply ping = http.get("/v1.45/_ping");
        assertThat(ping.header("Swarm")).isEqualTo("inactive");
        UnixHttp.Reply services = http.get("/v1.45/services");
        assertThat(services.status()).isEqualTo(503);
        assertThat(engineSaw).noneMatch(s -> s.contains("/services") || s.contains("/v1.45/_ping"));
    }

    @Test
    void requestBodiesLargerThanSkepsLimitStreamThrough() throws Exception {
        startEngine(new CountDownLatch(0));
        startSkep(engineHost());
        byte[] context = new byte[66 * 1024 * 1024]; // above the 64 MiB Skep's own routes accept
        new java.util.Random(7).nextBytes(context);

        UnixHttp.Reply built = http.sendBytes("POST", "/v1.45/build?t=x", context);
        assertThat(built.status()).isEqualTo(200);
        assertThat(built.text()).isEqualTo(HexFormat.of().formatHex(sha256(context)));
    }

    @Test
    void streamedAnswersArriveAsTheyAreWritten() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        startEngine(gate);
        startSkep(engineHost());
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("skep.sock")));
            ch.write(ascii("GET /v1.45/containers/c1/logs?follow=1 HTTP/1.1\r\nHost: docker\r\n\r\n"));
            String seen = readUntil(ch, "first line");
            assertThat(seen).startsWith("HTTP/1.1 200").doesNotContain("second line");
            gate.countDown();
            assertThat(readUntil(ch, "second line")).contains("second line");
        } finally {
            gate.countDown();
        }
    }

    @Test
    void aDeadEngineIs502WhileTheSwarmApiKeepsWorking() throws Exception {
        String dead = "unix://" + dir.resolve("no-dockerd.sock");
        startSkep(dead);

        UnixHttp.Reply ps = http.get("/v1.45/containers/json");
        assertThat(ps.status()).isEqualTo(502);
        assertThat(ps.text()).contains("the node's Docker Engine at " + dead + " is not answering");

        assertThat(http.get("/_ping").status()).isEqualTo(200);
        UnixHttp.Reply info = http.get("/v1.45/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.text()).contains("\"LocalNodeState\":\"inactive\"").contains("is not answering");
        assertThat(http.get("/v1.45/version").status()).isEqualTo(200);
    }

    @Test
    void anUpgradedConnectionCarriesBytesBothWays() throws Exception {
        try (ServerSocket upgrading = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread fake = Thread.ofVirtual().start(() -> serveUpgrades(upgrading));
            startSkep("tcp://127.0.0.1:" + upgrading.getLocalPort());
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(dir.resolve("skep.sock")));
                ch.write(ascii("POST /v1.45/containers/c1/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\n"
                        + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n"));
                assertThat(readUntil(ch, "\r\n\r\n")).startsWith("HTTP/1.1 101 UPGRADED");
                ch.write(ascii("hello\n"));
                assertThat(readUntil(ch, "HELLO\n")).contains("HELLO\n");
                ch.write(ascii("bye\n"));
                assertThat(readUntil(ch, "BYE\n")).contains("BYE\n");
            }
            fake.interrupt();
        }
    }

    /** A stand-in engine for upgrades: answers the version probe, then 101 and upper-cases every line. */
    private static void serveUpgrades(ServerSocket ss) {
        while (!ss.isClosed()) {
            try (Socket s = ss.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) break;
                    if (head.startsWith("GET /_ping")) {
                        out.write(ascii("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK")
                                .array());
                        continue;
                    }
                    out.write(ascii("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
                            .array());
                    out.flush();
                    StringBuilder line = new StringBuilder();
                    for (int c = in.read(); c >= 0; c = in.read()) {
                        line.append((char) c);
                        if (c == '\n') {
                            out.write(line.toString().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            line.setLength(0);
                        }
                    }
                    break;
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                return b.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static String readUntil(SocketChannel ch, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!seen.toString().contains(marker) && System.nanoTime() < deadline) {
            buf.clear();
            if (ch.read(buf) < 0) break;
            seen.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
        }
        return seen.toString();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
