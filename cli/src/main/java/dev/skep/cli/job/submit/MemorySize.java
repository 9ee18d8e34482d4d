package dev.skep.cli.job.submit;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code request_memory}'s value: a plain number is megabytes; a K, M, G or T suffix (optionally followed by B)
 * names the unit. Units are powers of 1024, as HTCondor counts them.
 */
final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]B?)?", Pattern.CASE_INSENSITIVE);

    private MemorySize() {}

    /** The size in bytes; IllegalArgumentException when the value is not a size. */
    static long bytes(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a memory size (a number of MB, or with a K, M, G or T suffix)");
        }
        String unit = m.group(2) == null ? "M" : m.group(2).substring(0, 1).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 40;
        };
        long bytes = new BigDecimal(m.group(1))
                .multiply(BigDecimal.valueOf(1L << shift))
                .longValue();
        if (bytes <= 0) throw new IllegalArgumentException("memory size must be positive: '" + value + "'");
        return bytes;
    }
}
