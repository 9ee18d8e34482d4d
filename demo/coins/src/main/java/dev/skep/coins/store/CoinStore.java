package dev.skep.coins.store;

/**
 * Where DockerCoins keeps its counters: the string {@code hashes} (hashes computed so far) and the hash
 * {@code wallet} (coin hash to the random bytes, in hex, that produced it). Redis in production; a map in tests.
 */
public interface CoinStore {
    /** {@code INCRBY hashes <count>}. */
    void addHashes(long count);

    /** {@code HSET wallet <hash> <randomHex>}; returns false when the wallet already held that coin. */
    boolean addCoin(String hash, String randomHex);

    /** {@code HLEN wallet}. */
    long coins();

    /** {@code GET hashes}, 0 when not set yet. */
    long hashes();
}
