package dev.skep.coins.worker;

import java.io.IOException;

/** The hasher service as the worker sees it. */
public interface Hasher {
    String hash(byte[] data) throws IOException, InterruptedException;
}
