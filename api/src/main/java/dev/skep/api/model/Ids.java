package dev.skep.api.model;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Object IDs as SwarmKit makes them: 25 characters of base 36 from 128 random bits. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String s = new BigInteger(1, b).toString(36);
        return "0".repeat(Math.max(0, 25 - s.length())) + s;
    }
}
