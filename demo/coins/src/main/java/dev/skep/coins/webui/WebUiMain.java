package dev.skep.coins.webui;

import dev.skep.coins.Env;
import dev.skep.coins.store.RedisCoinStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import org.slf4j.LoggerFactory;

/** Entry point of the webui service. Environment: PORT (80), REDIS_HOST (redis), REDIS_PORT (6379). */
public final class WebUiMain {
    private WebUiMain() {}

    public static void main(String[] args) throws IOException {
        int port = Env.integer("PORT", 80);
        String redisHost = Env.string("REDIS_HOST", "redis");
        int redisPort = Env.integer("REDIS_PORT", 6379);
        WebUiServer.start(
                new InetSocketAddress(port), new RedisCoinStore(redisHost, redisPort), InstantSource.system());
        LoggerFactory.getLogger(WebUiMain.class)
                .info("webui listening on port {}, reading redis {}:{}", port, redisHost, redisPort);
    }
}
