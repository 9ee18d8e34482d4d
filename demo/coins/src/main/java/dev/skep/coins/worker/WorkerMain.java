package dev.skep.coins.worker;

import dev.skep.coins.Env;
import dev.skep.coins.Sleeper;
import dev.skep.coins.store.RedisCoinStore;
import java.time.InstantSource;
import org.slf4j.LoggerFactory;

/** Entry point of the worker service. Environment: RNG_URL (http://rng), HASHER_URL (http://hasher), REDIS_HOST (redis), REDIS_PORT (6379). */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) {
        String rngUrl = Env.string("RNG_URL", "http://rng");
        String hasherUrl = Env.string("HASHER_URL", "http://hasher");
        String redisHost = Env.string("REDIS_HOST", "redis");
        int redisPort = Env.integer("REDIS_PORT", 6379);
        LoggerFactory.getLogger(WorkerMain.class)
                .info("worker using rng {}, hasher {}, redis {}:{}", rngUrl, hasherUrl, redisHost, redisPort);
        HttpServices services = new HttpServices(rngUrl, hasherUrl);
        new Worker(
                        services,
                        services,
                        new RedisCoinStore(redisHost, redisPort),
                        Worker.Settings.CLASSIC,
                        InstantSource.system(),
                        Sleeper.SYSTEM)
                .run();
    }
}
