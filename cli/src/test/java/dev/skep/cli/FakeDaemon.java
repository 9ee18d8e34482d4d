package dev.skep.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A loopback HTTP server answering canned Engine API responses and recording what the CLI asked. */
public final class FakeDaemon implements AutoCloseable {
    public record Request(String method, String path, String query, String body) {}

    public record Response(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeDaemon() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(
                    exchange.getRequestMethod(),
                    URLDecoder.decode(path, StandardCharsets.UTF_8),
                    query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8),
                    body);
            requests.add(r);
            Function<Request, Response> route = routes.get(r.method() + " " + r.path());
            Response resp = route == null
                    ? new Response(404, "{\"message\":\"page not found: " + r.path() + "\"}")
                    : route.apply(r);
            byte[] bytes = resp.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Api-Version", "1.45");
            exchange.sendResponseHeaders(resp.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** Answers METHOD PATH (without the /v1.45 prefix) with a fixed status and body. */
    public FakeDaemon on(String method, String path, int status, String body) {
        routes.put(method + " /v1.45" + path, r -> new Response(status, body));
        return this;
    }

    public FakeDaemon on(String method, String path, Function<Request, Response> handler) {
        routes.put(method + " /v1.45" + path, handler);
        return this;
    }

    public String host() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals("/v1.45" + path))
                .toList();
    }

    /** Runs skep against this daemon and returns exit code, stdout and stderr. */
    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 2];
        full[0] = "-H";
        full[1] = host();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = SkepCli.run(
                full,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int code, String out, String err) {}

    @Override
    public void close() {
        server.stop(0);
    }
}
