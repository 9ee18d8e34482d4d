package dev.skep.coins.hasher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HasherServerTest {
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HasherServer hasher;

    @AfterEach
    void stop() {
        hasher.close();
    }

    private void start(Duration delay) throws Exception {
        hasher = HasherServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), delay);
    }

    private HttpRequest post(byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hasher.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    @Test
    void answersTheSha256OfTheBodyInHex() throws Exception {
        start(Duration.ofMillis(100));

        HttpResponse<String> hello =
                client.send(post("hello".getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        byte[] random = new byte[32];
        new java.util.Random(7).nextBytes(random);
        HttpResponse<String> bytes = client.send(post(random), HttpResponse.BodyHandlers.ofString());

        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        // sha256("hello"), as `printf hello | sha256sum` prints it
        assertThat(hello.body()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(bytes.body())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(random)));
    }

    @Test
    void servesRequestsConcurrently() throws Exception {
        Duration delay = Duration.ofSeconds(1);
        start(delay);
        int requests = 4;

        long begin = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, requests)
                .mapToObj(i -> client.sendAsync(post(new byte[] {(byte) i}), HttpResponse.BodyHandlers.ofString()))
                .toList();
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
        // One at a time they would need requests × delay; together they overlap (a generous bound, not a speed target).
        assertThat(elapsed).isLessThan(delay.multipliedBy(requests - 1));
    }

    @Test
    void rootAnswersAShortText() throws Exception {
        start(Duration.ZERO);
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hasher.port() + "/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("HASHER running on ");
    }
}
