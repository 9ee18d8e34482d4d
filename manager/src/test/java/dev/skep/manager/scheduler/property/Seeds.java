package dev.skep.manager.scheduler.property;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * The seeds of the property cases. The first case uses the base seed itself and the others follow from it,
 * so a failing case is reproduced by running with {@code -Dskep.property.seed=<its seed>} (it becomes the
 * first case). {@code -Dskep.property.cases=N} changes how many cases run.
 */
final class Seeds {
    static final String SEED_PROPERTY = "skep.property.seed";
    static final String CASES_PROPERTY = "skep.property.cases";
    /** Fixed so that every build checks the same cases; any change to the generators changes them anyway. */
    private static final long DEFAULT_BASE = 0x5CE9_0001_D0C5_2024L;

    private static final int DEFAULT_CASES = 150;

    private Seeds() {}

    /** The case seeds: the base seed, then {@code cases() - 1} seeds derived from it. */
    static LongStream seeds() {
        long base = base();
        SplittableRandom next = new SplittableRandom(base);
        return LongStream.concat(LongStream.of(base), LongStream.generate(next::nextLong))
                .limit(cases());
    }

    static int cases() {
        return Integer.getInteger(CASES_PROPERTY, DEFAULT_CASES);
    }

    private static long base() {
        String s = System.getProperty(SEED_PROPERTY);
        return s == null || s.isBlank() ? DEFAULT_BASE : Long.parseLong(s.strip());
    }

    /**
     * Runs one case on its generated sample; an assertion failure is rethrown with the seed, how to rerun
     * it, and the sample, so the report alone says what broke.
     */
    static <T> void check(long seed, Function<Random, T> generator, CaseBody<T> body) {
        T sample = generator.apply(new Random(seed));
        try {
            body.check(sample);
        } catch (AssertionError e) {
            throw new AssertionError(
                    "seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + " -D" + CASES_PROPERTY + "=1)\n"
                            + sample + "\n" + e.getMessage(),
                    e);
        }
    }

    /** The property's checks on one sample. */
    @FunctionalInterface
    interface CaseBody<T> {
        void check(T sample);
    }
}
