package dev.skep.coins.webui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skep.coins.Responses;
import dev.skep.coins.store.CoinStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI: {@code GET /json} gives the wallet size, the hashes counter and the time; {@code GET /} is a page
 * that polls it every second and plots the hashing speed. The page is self-contained (no CDN: labs run offline).
 */
public final class WebUiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebUiServer.class);

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final CoinStore store;
    private final InstantSource clock;
    private final byte[] page = loadPage();

    private WebUiServer(HttpServer server, CoinStore store, InstantSource clock) {
        this.server = server;
        this.store = store;
        this.clock = clock;
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    public static WebUiServer start(InetSocketAddress address, CoinStore store, InstantSource clock)
            throws IOException {
        WebUiServer webui = new WebUiServer(HttpServer.create(address, 64), store, clock);
        webui.server.start();
        return webui;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!Responses.requireMethod(exchange, "GET")) {
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/json" -> json(exchange);
                case "/", "/index.html" -> Responses.send(exchange, 200, "text/html; charset=utf-8", page);
                default -> Responses.text(exchange, 404, "not found\n");
            }
        }
    }

    private void json(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        long coins;
        long hashes;
        try {
            coins = store.coins();
            hashes = store.hashes();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read redis: {}", e.toString());
            Responses.send(
                    exchange,
                    503,
                    "application/json",
                    "{\"error\":\"redis unavailable\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Responses.send(
                exchange,
                200,
                "application/json",
                json(coins, hashes, clock.instant()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"coins":…,"hashes":…,"now":…}} with now in epoch seconds, to the millisecond. */
    static String json(long coins, long hashes, Instant now) {
        double seconds = now.getEpochSecond() + now.getNano() / 1e9;
        return String.format(Locale.ROOT, "{\"coins\":%d,\"hashes\":%d,\"now\":%.3f}", coins, hashes, seconds);
    }

    private static byte[] loadPage() {
        try (InputStream in = WebUiServer.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
