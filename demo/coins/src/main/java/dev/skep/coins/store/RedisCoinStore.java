package dev.skep.coins.store;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The coin store in Redis, through a Jedis connection pool. The pool connects lazily and replaces broken
 * connections, so a Redis that is down or restarting shows up as exceptions from the calls, never as a dead
 * client: callers retry.
 */
public final class RedisCoinStore implements CoinStore, AutoCloseable {
    static final String HASHES = "hashes";
    static final String WALLET = "wallet";

    private final JedisPooled redis;

    public RedisCoinStore(String host, int port) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setJmxEnabled(false); // nothing reads the pool's MBeans; keeps the image's runtime small
        pool.setMaxTotal(8);
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2_000)
                .socketTimeoutMillis(2_000)
                .build();
        this.redis = new JedisPooled(pool, new HostAndPort(host, port), client);
    }

    @Override
    public void addHashes(long count) {
        redis.incrBy(HASHES, count);
    }

    @Override
    public boolean addCoin(String hash, String randomHex) {
        return redis.hset(WALLET, hash, randomHex) == 1;
    }

    @Override
    public long coins() {
        return redis.hlen(WALLET);
    }

    @Override
    public long hashes() {
        String value = redis.get(HASHES);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public void close() {
        redis.close();
    }
}
