package dev.skep.coins.hasher;

import dev.skep.coins.Env;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** Entry point of the hasher service. Environment: PORT (80). */
public final class HasherMain {
    private HasherMain() {}

    public static void main(String[] args) throws IOException {
        int port = Env.integer("PORT", 80);
        HasherServer.start(new InetSocketAddress(port), Duration.ofMillis(100));
        LoggerFactory.getLogger(HasherMain.class).info("hasher listening on port {}", port);
    }
}
