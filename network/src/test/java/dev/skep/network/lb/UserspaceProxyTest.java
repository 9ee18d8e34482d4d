package dev.skep.network.lb;

import static dev.skep.network.Fixtures.NODE_A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.network.NodeNetworks;
import dev.skep.network.Protocol;
import dev.skep.network.PublishedPort;
import dev.skep.network.PublishedPort.Backend;
import dev.skep.network.PublishedPort.PublishMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserspaceProxyTest {
    private final List<ServerSocket> backends = new ArrayList<>();
    private final UserspaceProxy proxy = new UserspaceProxy();

    @AfterEach
    void close() throws IOException {
        proxy.close();
        for (ServerSocket s : backends) {
            s.close();
        }
    }

    @Test
    void publishedPortSpreadsConnectionsOverBackendsAndCarriesBytesBothWays() throws Exception {
        int target = echoBackend("127.0.0.2", 0);
        echoBackend("127.0.0.3", target);
        int published = freePort();
        proxy.apply(state(published, target, "127.0.0.2", "127.0.0.3"));

        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            seen.merge(call(published, "ping"), 1, Integer::sum);
        }

        assertThat(seen).containsOnlyKeys("127.0.0.2:ping", "127.0.0.3:ping");
        assertThat(seen.values()).containsOnly(5);
    }

    @Test
    void applyRetargetsAndRemovesListeners() throws Exception {
        int target = echoBackend("127.0.0.2", 0);
        echoBackend("127.0.0.3", target);
        int published = freePort();
        proxy.apply(state(published, target, "127.0.0.2"));
        proxy.apply(state(published, target, "127.0.0.3"));

        assertThat(call(published, "x")).isEqualTo("127.0.0.3:x");

        proxy.apply(NodeNetworks.empty(NODE_A));
        assertThat(proxy.listening()).isEmpty();
    }

    private static NodeNetworks state(int published, int target, String... ips) {
        List<Backend> b =
                java.util.Arrays.stream(ips).map(ip -> new Backend(ip, NODE_A)).toList();
        return new NodeNetworks(
                NODE_A,
                List.of(),
                List.of(),
                List.of(new PublishedPort(Protocol.TCP, published, target, PublishMode.INGRESS, "n", b)));
    }

    /** A backend that answers "<its address>:<first line>" and closes. */
    private int echoBackend(String ip, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(ip, port));
        backends.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    String line = new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8).strip();
                    OutputStream out = s.getOutputStream();
                    out.write((ip + ":" + line).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        });
        return server.getLocalPort();
    }

    private static String call(int port, String word) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(String.format("%-4s", word).getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
