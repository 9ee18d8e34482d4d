package dev.skep.coins.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.coins.FakeClock;
import dev.skep.coins.MemoryCoinStore;
import dev.skep.coins.hasher.HasherServer;
import dev.skep.coins.rng.RngServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerTest {
    private static final Worker.Settings SETTINGS = Worker.Settings.CLASSIC;

    private final FakeClock clock = new FakeClock();
    private final MemoryCoinStore store = new MemoryCoinStore();
    private RngServer rng;
    private HasherServer hasher;
    private HttpServices services;

    @BeforeEach
    void startServices() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        rng = RngServer.start(loopback, Duration.ZERO);
        hasher = HasherServer.start(loopback, Duration.ZERO);
        services = new HttpServices("http://127.0.0.1:" + rng.port(), "http://127.0.0.1:" + hasher.port() + "/");
    }

    @AfterEach
    void stopServices() {
        rng.close();
        hasher.close();
    }

    private Worker worker(Rng rng, Hasher hasher) {
        return new Worker(rng, hasher, store, SETTINGS, clock, clock.sleeper());
    }

    private static void steps(Worker worker, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            worker.step();
        }
    }

    @Test
    void addsTheUnitsDoneToTheCounterOncePerInterval() throws Exception {
        Worker worker = worker(services, services);

        steps(worker, 10); // the first step reports 0, then ten pauses of 0.1 s make one interval
        assertThat(store.hashes.get()).isZero();
        assertThat(worker.unreported()).isEqualTo(10);

        steps(worker, 1); // a second has passed: the ten units go to the counter before the next unit
        assertThat(store.hashes.get()).isEqualTo(10);
        assertThat(worker.unreported()).isEqualTo(1);

        steps(worker, 19);
        assertThat(store.hashes.get()).isEqualTo(20);
        assertThat(clock.slept()).isEqualTo(SETTINGS.workPause().multipliedBy(30));
    }

    @Test
    void storesHashesStartingWithZeroInTheWalletWithTheirRandomBytes() throws Exception {
        Worker worker = worker(services, services);

        steps(worker, 300); // a hash starts with '0' one time in 16

        assertThat(store.wallet).isNotEmpty();
        assertThat(store.wallet).allSatisfy((hash, randomHex) -> {
            assertThat(hash).startsWith("0");
            assertThat(HexFormat.of().parseHex(randomHex)).hasSize(Worker.RANDOM_BYTES);
            assertThat(hash)
                    .isEqualTo(HexFormat.of().formatHex(sha256(HexFormat.of().parseHex(randomHex))));
        });
    }

    @Test
    void waitsAndRetriesWhileRngIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpServices noRng = new HttpServices("http://127.0.0.1:" + closedPort, "http://127.0.0.1:" + hasher.port());
        Worker worker = worker(noRng, noRng);

        steps(worker, 3);

        assertThat(worker.unreported()).isZero();
        assertThat(clock.slept())
                .isEqualTo(SETTINGS.workPause().plus(SETTINGS.retryPause()).multipliedBy(3));
    }

    @Test
    void carriesOnOnceAFailingServiceAnswersAgain() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Rng flaky = count -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("Connection refused");
            }
            return services.randomBytes(count);
        };
        Worker worker = worker(flaky, services);

        steps(worker, 5);

        assertThat(worker.unreported()).isEqualTo(3);
    }

    @Test
    void keepsTheUnitsDoneWhileRedisIsDownAndReportsThemLater() throws Exception {
        Worker worker = worker(services, services);
        steps(worker, 11); // reports 0, then 10 at the start of the 11th step
        store.down = true;
        steps(worker, 10); // ten more units (no coins can be stored meanwhile: the failures cost pauses)
        steps(worker, 3); // the counter update fails and is retried; units are never dropped
        long done = worker.unreported() + store.hashes.get();
        store.down = false;

        steps(worker, 1);

        assertThat(store.hashes.get()).isEqualTo(done);
        assertThat(worker.unreported()).isEqualTo(1);
    }

    @Test
    void runStopsWhenAsked() {
        AtomicInteger sleeps = new AtomicInteger();
        Worker[] holder = new Worker[1];
        holder[0] = new Worker(services, services, store, SETTINGS, clock, duration -> {
            clock.advance(duration);
            if (sleeps.incrementAndGet() == 25) {
                holder[0].stop();
            }
        });

        holder[0].run();

        assertThat(sleeps.get()).isEqualTo(25);
        assertThat(store.hashes.get()).isEqualTo(20);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
