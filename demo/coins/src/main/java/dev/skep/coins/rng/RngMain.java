package dev.skep.coins.rng;

import dev.skep.coins.Env;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** Entry point of the rng service. Environment: PORT (80). */
public final class RngMain {
    private RngMain() {}

    public static void main(String[] args) throws IOException {
        int port = Env.integer("PORT", 80);
        RngServer.start(new InetSocketAddress(port), Duration.ofMillis(100));
        LoggerFactory.getLogger(RngMain.class).info("rng listening on port {}, one request at a time", port);
    }
}
