package dev.skep.coins;

import dev.skep.coins.store.CoinStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The coin store as maps, with a switch that makes every call fail as an unreachable Redis would. */
public final class MemoryCoinStore implements CoinStore {
    public final AtomicLong hashes = new AtomicLong();
    public final Map<String, String> wallet = new ConcurrentHashMap<>();
    public volatile boolean down;

    @Override
    public void addHashes(long count) {
        failIfDown();
        hashes.addAndGet(count);
    }

    @Override
    public boolean addCoin(String hash, String randomHex) {
        failIfDown();
        return wallet.put(hash, randomHex) == null;
    }

    @Override
    public long coins() {
        failIfDown();
        return wallet.size();
    }

    @Override
    public long hashes() {
        failIfDown();
        return hashes.get();
    }

    private void failIfDown() {
        if (down) {
            throw new IllegalStateException("redis is down");
        }
    }
}
