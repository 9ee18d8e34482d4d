package dev.skep.coins.worker;

import java.io.IOException;

/** The rng service as the worker sees it. */
public interface Rng {
    byte[] randomBytes(int count) throws IOException, InterruptedException;
}
