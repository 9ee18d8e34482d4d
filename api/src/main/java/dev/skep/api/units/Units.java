package dev.skep.api.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sizes and CPU counts as docker reads and prints them: go-units {@code RAMInBytes} and {@code BytesSize},
 * and the CLI's {@code opts.ParseCPUs}. The one reader of memory sizes for the CLI's flags and the compose
 * files, as docker's compose loader reads {@code memory:} and {@code tmpfs.size} with {@code RAMInBytes} too.
 */
public final class Units {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private Units() {}

    /**
     * go-units {@code RAMInBytes} (v0.5): a number, an optional space, then an optional {@code b} or a
     * binary multiple {@code k m g t p} followed by nothing, {@code b} or {@code ib}, any case: "512M", "1g",
     * "64kb", "1.5GiB", "100". No surrounding space; fractions of a byte are dropped; negatives refused.
     */
    public static long ramInBytes(String text) {
        int sep = lastNumberChar(text);
        if (sep < 0) throw invalidSize(text);
        String number = text.charAt(sep) == ' ' ? text.substring(0, sep) : text.substring(0, sep + 1);
        String suffix = text.substring(sep + 1);
        double size = goParseFloat(number);
        if (size < 0) throw invalidSize(text);
        if (suffix.isEmpty()) return (long) size;
        if (suffix.getBytes(StandardCharsets.UTF_8).length > 3) throw badSuffix(suffix);
        suffix = suffix.toLowerCase(Locale.ROOT);
        if (suffix.charAt(0) == 'b') {
            if (suffix.length() > 1) throw badSuffix(suffix);
            return (long) size;
        }
        long multiplier = switch (suffix.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            case 'p' -> 1L << 50;
            default -> throw badSuffix(suffix);
        };
        if (suffix.length() == 2 && suffix.charAt(1) != 'b') throw badSuffix(suffix);
        if (suffix.length() == 3 && !suffix.substring(1).equals("ib")) throw badSuffix(suffix);
        return (long) (size * multiplier);
    }

    /** {@code strings.LastIndexAny(s, "01234567890. ")}. */
    private static int lastNumberChar(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == ' ') return i;
        }
        return -1;
    }

    /**
     * Go's {@code strconv.ParseFloat} for what can reach it here: Java's parser alone would also take
     * surrounding space and a {@code d}/{@code f} suffix, and would read an overflow as infinity.
     */
    private static double goParseFloat(String number) {
        boolean javaOnly = number.chars().anyMatch(c -> c <= ' ')
                || (!number.isEmpty() && "dDfF".indexOf(number.charAt(number.length() - 1)) >= 0);
        if (javaOnly) throw parseFloatError(number, "invalid syntax");
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw parseFloatError(number, "invalid syntax");
        }
        if (Double.isInfinite(value)) throw parseFloatError(number, "value out of range");
        return value;
    }

    /** Go's {@code *strconv.NumError} text. */
    private static IllegalArgumentException parseFloatError(String number, String why) {
        String quoted = '"' + number.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return new IllegalArgumentException("strconv.ParseFloat: parsing " + quoted + ": " + why);
    }

    private static IllegalArgumentException invalidSize(String text) {
        return new IllegalArgumentException("invalid size: '" + text + "'");
    }

    private static IllegalArgumentException badSuffix(String suffix) {
        return new IllegalArgumentException("invalid suffix: '" + suffix + "'");
    }

    /** "0.5" → 500000000 nano CPUs; more than nine decimals is "too precise" as docker says. */
    public static long nanoCpus(String text) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse " + text + " as a rational number");
        }
        BigDecimal nanos = cpus.movePointRight(9);
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("value is too precise");
        }
        return nanos.longValueExact();
    }

    /** go-units BytesSize: "512MiB", "1GiB", "1.5GiB" ("%.4g" with binary units). */
    public static String bytesSize(double size) {
        int i = 0;
        while (size >= 1024 && i < BINARY.length - 1) {
            size /= 1024;
            i++;
        }
        return goG4(size) + BINARY[i];
    }

    /** Go's %.4g for the magnitudes sizes take: four significant digits, no trailing zeros. */
    static String goG4(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** NanoCPUs as docker's pretty inspect prints them: Go's %v of a float64 ("0.5", "2"). */
    public static String cpus(long nanoCpus) {
        BigDecimal bd = BigDecimal.valueOf(nanoCpus).movePointLeft(9).stripTrailingZeros();
        return bd.scale() < 0 ? bd.setScale(0).toPlainString() : bd.toPlainString();
    }
}
