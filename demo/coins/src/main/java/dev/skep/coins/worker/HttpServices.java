package dev.skep.coins.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The rng and hasher services over HTTP, as the worker calls them: {@code GET <rng>/32}, {@code POST <hasher>/}. */
public final class HttpServices implements Rng, Hasher {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final String rngUrl;
    private final URI hasherUri;

    public HttpServices(String rngUrl, String hasherUrl) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        this.rngUrl = withoutTrailingSlash(rngUrl);
        this.hasherUri = URI.create(withoutTrailingSlash(hasherUrl) + "/");
    }

    @Override
    public byte[] randomBytes(int count) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rngUrl + "/" + count))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        byte[] body = expectOk("rng", client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        if (body.length != count) {
            throw new IOException("rng answered " + body.length + " bytes instead of " + count);
        }
        return body;
    }

    @Override
    public String hash(byte[] data) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(hasherUri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                .build();
        return new String(
                        expectOk("hasher", client.send(request, HttpResponse.BodyHandlers.ofByteArray())),
                        StandardCharsets.UTF_8)
                .trim();
    }

    private static byte[] expectOk(String service, HttpResponse<byte[]> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException(service + " answered HTTP " + response.statusCode() + " to "
                    + response.request().uri());
        }
        return response.body();
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
