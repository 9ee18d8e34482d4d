package dev.skep.coins.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.coins.FakeClock;
import dev.skep.coins.MemoryCoinStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebUiServerTest {
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MemoryCoinStore store = new MemoryCoinStore();
    private final FakeClock clock = new FakeClock();
    private WebUiServer webui;

    @BeforeEach
    void start() throws Exception {
        webui = WebUiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store, clock);
    }

    @AfterEach
    void stop() {
        webui.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webui.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonGivesCoinsHashesAndTheTime() throws Exception {
        store.addHashes(1234);
        store.addCoin("0aa", "01");
        store.addCoin("0bb", "02");
        clock.advance(Duration.ofMillis(1500));
        double now = clock.instant().toEpochMilli() / 1000.0;

        HttpResponse<String> response = get("/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .isEqualTo("{\"coins\":2,\"hashes\":1234,\"now\":" + String.format(java.util.Locale.ROOT, "%.3f", now)
                        + "}");
    }

    @Test
    void jsonBeforeAnyWorkCountsZero() {
        assertThat(WebUiServer.json(0, 0, Instant.ofEpochMilli(1_700_000_000_250L)))
                .isEqualTo("{\"coins\":0,\"hashes\":0,\"now\":1700000000.250}");
    }

    @Test
    void jsonIsUnavailableWhileRedisIsDown() throws Exception {
        store.down = true;

        assertThat(get("/json").statusCode()).isEqualTo(503);
    }

    @Test
    void thePagePollsJsonAndNeedsNothingFromOutside() throws Exception {
        HttpResponse<String> root = get("/");
        HttpResponse<String> index = get("/index.html");

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(index.body()).isEqualTo(root.body());
        assertThat(root.body())
                .contains("fetch(\"json\"", "setInterval(poll, 1000)", "<svg", "hashes/second")
                .doesNotContain("<script src", "<link", "https://");
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }
}
