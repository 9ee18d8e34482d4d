package dev.skep.coins.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Redis server started for the test; skipped where Redis is not installed. Debian's redis-tools
 * (which demo/coins/build-images.sh installs) has the server binary as redis-check-rdb: it runs as a server
 * when started under the name redis-server.
 */
class RedisCoinStoreTest {
    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path REDIS_BINARY = Path.of("/usr/bin/redis-check-rdb");

    @TempDir
    static Path temp;

    private static Process redis;
    private static int port;

    @BeforeAll
    static void startRedis() throws IOException {
        Path server = REDIS_SERVER;
        if (!Files.isExecutable(server) && Files.isExecutable(REDIS_BINARY)) {
            server = Files.createSymbolicLink(temp.resolve("redis-server"), REDIS_BINARY);
        }
        assumeTrue(Files.isExecutable(server), "Redis is not installed (apt-get install redis-tools)");
        port = freePort();
        redis = new ProcessBuilder(
                        server.toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> accepts(port));
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Test
    void countsHashesAndKeepsCoinsInTheWallet() {
        try (RedisCoinStore store = new RedisCoinStore("127.0.0.1", port)) {
            assertThat(store.hashes()).isZero();
            assertThat(store.coins()).isZero();

            store.addHashes(7);
            store.addHashes(3);
            boolean first = store.addCoin("0abc", "0102");
            boolean again = store.addCoin("0abc", "0102");
            store.addCoin("0def", "0304");

            assertThat(store.hashes()).isEqualTo(10);
            assertThat(store.coins()).isEqualTo(2);
            assertThat(first).isTrue();
            assertThat(again).isFalse();
        }
    }

    @Test
    void anUnreachableRedisFailsTheCallNotTheClient() throws IOException {
        try (RedisCoinStore store = new RedisCoinStore("127.0.0.1", freePort())) {
            assertThatThrownBy(store::hashes).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> store.addHashes(1)).isInstanceOf(RuntimeException.class);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
