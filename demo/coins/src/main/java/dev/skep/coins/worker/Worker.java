package dev.skep.coins.worker;

import dev.skep.coins.Sleeper;
import dev.skep.coins.store.CoinStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DockerCoins miner. Each unit of work: pause, take 32 random bytes from rng, have hasher hash them; a hash
 * starting with '0' is a coin and goes to the wallet. Once a second the units done are added to the hashes
 * counter. Any service being unreachable is logged and retried after a pause: the worker never gives up, so
 * it survives the other services starting later or restarting.
 */
public final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    static final int RANDOM_BYTES = 32;

    /** The classic timings: 0.1 s of "work" per unit, the counter updated every second. */
    public record Settings(Duration workPause, Duration reportInterval, Duration retryPause) {
        public static final Settings CLASSIC =
                new Settings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private final Rng rng;
    private final Hasher hasher;
    private final CoinStore store;
    private final Settings settings;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private volatile boolean stopped;
    /** Units done but not yet added to the counter; kept across a failed update so none are lost. */
    private long unreported;

    private Instant nextReport = Instant.MIN;

    public Worker(Rng rng, Hasher hasher, CoinStore store, Settings settings, InstantSource clock, Sleeper sleeper) {
        this.rng = rng;
        this.hasher = hasher;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reports when due, then does one unit of work; a failure of either is logged and waited out. */
    void step() throws InterruptedException {
        try {
            if (!clock.instant().isBefore(nextReport)) {
                report();
            }
            workOnce();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn(
                    "In work loop: {}; retrying in {} ms",
                    describe(e),
                    settings.retryPause().toMillis());
            sleeper.sleep(settings.retryPause());
        }
    }

    private void report() {
        LOG.info("{} units of work done, updating hash counter", unreported);
        store.addHashes(unreported);
        unreported = 0;
        nextReport = clock.instant().plus(settings.reportInterval());
    }

    private void workOnce() throws Exception {
        sleeper.sleep(settings.workPause());
        byte[] random = rng.randomBytes(RANDOM_BYTES);
        String hash = hasher.hash(random);
        unreported++;
        if (hash.startsWith("0")) {
            LOG.info("Coin found: {}...", hash.substring(0, Math.min(8, hash.length())));
            if (!store.addCoin(hash, HexFormat.of().formatHex(random))) {
                LOG.info("We already had that coin");
            }
        }
    }

    long unreported() {
        return unreported;
    }

    public void stop() {
        stopped = true;
    }

    /** One line: the JDK's ConnectException has no message of its own, its cause says what failed. */
    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return e.getCause() == null || e.getCause() == e ? text : text + " (" + describe(e.getCause()) + ")";
    }
}
