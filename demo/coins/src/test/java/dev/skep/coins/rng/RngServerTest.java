package dev.skep.coins.rng;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RngServerTest {
    private static final Duration DELAY = Duration.ofMillis(100);
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RngServer rng;

    @BeforeEach
    void start() throws Exception {
        rng = RngServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DELAY);
    }

    @AfterEach
    void stop() {
        rng.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + rng.port() + path);
    }

    @Test
    void answersAsManyRandomBytesAsAsked() throws Exception {
        HttpResponse<byte[]> first = get("/32");
        HttpResponse<byte[]> second = get("/32");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(first.body()).hasSize(32);
        assertThat(second.body()).hasSize(32).isNotEqualTo(first.body());
        assertThat(get("/1000").body()).hasSize(1000);
        assertThat(get("/0").body()).isEmpty();
    }

    @Test
    void servesOneRequestAtATime() {
        int requests = 5;
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            responses.add(client.sendAsync(
                    HttpRequest.newBuilder(uri("/8")).build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(responses).allSatisfy(r -> assertThat(r.join().body()).hasSize(8));
        // Concurrent requests each wait their turn: together they take at least the sum of their pauses.
        assertThat(elapsed).isGreaterThanOrEqualTo(DELAY.multipliedBy(requests));
    }

    @Test
    void closesTheConnectionAfterEachResponse() throws Exception {
        assertThat(get("/4").headers().firstValue("Connection")).hasValue("close");
    }

    @Test
    void rootAnswersAShortText() throws Exception {
        HttpResponse<byte[]> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body())).startsWith("RNG running on ");
    }

    @Test
    void refusesWhatIsNotACount() throws Exception {
        assertThat(get("/abc").statusCode()).isEqualTo(400);
        assertThat(get("/-1").statusCode()).isEqualTo(400);
        assertThat(get("/" + (RngServer.MAX_BYTES + 1)).statusCode()).isEqualTo(400);
        HttpResponse<Void> post = client.send(
                HttpRequest.newBuilder(uri("/32"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
