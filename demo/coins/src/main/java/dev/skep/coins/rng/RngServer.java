package dev.skep.coins.rng;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skep.coins.Env;
import dev.skep.coins.Responses;
import dev.skep.coins.Sleeper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The random number generator: {@code GET /<n>} answers n random bytes after a pause. It serves one request
 * at a time (a single handler thread), so one instance caps at about ten requests a second: that is the
 * bottleneck the DockerCoins lesson finds and fixes by running rng on every node.
 */
public final class RngServer implements AutoCloseable {
    /** Larger requests are refused rather than allocated. */
    static final int MAX_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService handlerThread;
    private final Duration delay;
    private final SecureRandom random = new SecureRandom();

    private RngServer(HttpServer server, Duration delay) {
        this.server = server;
        this.delay = delay;
        this.handlerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "rng-handler"));
        server.setExecutor(handlerThread);
        server.createContext("/", this::handle);
    }

    public static RngServer start(InetSocketAddress address, Duration delay) throws IOException {
        RngServer rng = new RngServer(HttpServer.create(address, 256), delay);
        rng.server.start();
        return rng;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!Responses.requireMethod(exchange, "GET")) {
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                Responses.text(exchange, 200, "RNG running on " + Env.hostname() + "\n");
                return;
            }
            Integer count = parseCount(path.substring(1));
            if (count == null) {
                Responses.text(exchange, 400, "expected GET /<number of bytes up to " + MAX_BYTES + ">\n");
                return;
            }
            Responses.send(exchange, 200, "application/octet-stream", randomBytes(count));
        }
    }

    private byte[] randomBytes(int count) throws IOException {
        Sleeper.pauseRequest(delay);
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    static Integer parseCount(String text) {
        if (text.isEmpty() || text.length() > 8 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int count = Integer.parseInt(text);
        return count <= MAX_BYTES ? count : null;
    }

    @Override
    public void close() {
        server.stop(0);
        handlerThread.shutdownNow();
    }
}
