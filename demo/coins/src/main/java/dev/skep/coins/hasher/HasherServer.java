package dev.skep.coins.hasher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skep.coins.Env;
import dev.skep.coins.Responses;
import dev.skep.coins.Sleeper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The hasher: {@code POST /} answers the hex SHA-256 of the body after a pause; requests run concurrently. */
public final class HasherServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration delay;

    private HasherServer(HttpServer server, Duration delay) {
        this.server = server;
        this.delay = delay;
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    public static HasherServer start(InetSocketAddress address, Duration delay) throws IOException {
        HasherServer hasher = new HasherServer(HttpServer.create(address, 256), delay);
        hasher.server.start();
        return hasher;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                Responses.text(exchange, 404, "not found\n");
                return;
            }
            if (exchange.getRequestMethod().equals("GET")) {
                Responses.text(exchange, 200, "HASHER running on " + Env.hostname() + "\n");
                return;
            }
            if (!Responses.requireMethod(exchange, "POST")) {
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Sleeper.pauseRequest(delay);
            Responses.text(exchange, 200, sha256Hex(body));
        }
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
