package dev.skep.coins.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.skep.coins.Responses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's HTTP calls, against a fake rng/hasher that records what it was asked. */
class HttpServicesTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<InetSocketAddress> clientEnds = ConcurrentHashMap.newKeySet();
    private volatile int status = 200;
    private volatile byte[] answer = new byte[32];
    private HttpServer server;
    private HttpServices services;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body.length);
                clientEnds.add(exchange.getRemoteAddress());
                Responses.send(exchange, status, "application/octet-stream", answer);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        services = new HttpServices(base + "/", base);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void asksRngForBytesAndPostsThemToHasher() throws Exception {
        byte[] random = services.randomBytes(32);
        answer = "0abc\n".getBytes();
        String hash = services.hash(random);

        assertThat(requests).containsExactly("GET /32 0", "POST / 32");
        assertThat(hash).isEqualTo("0abc");
    }

    @Test
    void opensANewConnectionForEveryRequest() throws Exception {
        for (int i = 0; i < 5; i++) {
            services.randomBytes(32);
        }

        // Behind a service VIP this is what spreads one worker's requests over every rng replica.
        assertThat(clientEnds).hasSize(5);
    }

    @Test
    void anErrorStatusOrAShortAnswerIsAnError() {
        answer = new byte[8];
        assertThatThrownBy(() -> services.randomBytes(32))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("8 bytes");

        status = 503;
        assertThatThrownBy(() -> services.hash(new byte[1]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("503");
    }
}
