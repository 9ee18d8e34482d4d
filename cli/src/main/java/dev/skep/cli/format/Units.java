package dev.skep.cli.format;

import java.math.BigDecimal;
import java.util.Locale;

/** Sizes and CPU counts as docker's flags read and print them (go-units RAMInBytes/BytesSize, NanoCPUs). */
public final class Units {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private Units() {
    }

    /** "512M", "1g", "64k", "1.5GiB", "100" (bytes) → bytes, with binary multiples as docker uses. */
    public static long ramInBytes(String text) {
        String s = text.trim();
        int sep = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (Character.isDigit(c) || c == '.' || c == ' ') {
                sep = i;
                break;
            }
        }
        if (sep < 0) throw new IllegalArgumentException("invalid size: '" + text + "'");
        String num = s.charAt(sep) == ' ' ? s.substring(0, sep) : s.substring(0, sep + 1);
        String suffix = s.substring(sep + 1).toLowerCase(Locale.ROOT);
        double size;
        try {
            size = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size: '" + text + "'");
        }
        if (size < 0) throw new IllegalArgumentException("invalid size: '" + text + "'");
        if (suffix.isEmpty()) return (long) size;
        if (suffix.length() > 3) throw badSuffix(suffix);
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
        BigDecimal bd = new BigDecimal(v).round(new java.math.MathContext(4));
        String s = bd.stripTrailingZeros().toPlainString();
        return s;
    }

    /** NanoCPUs as docker's pretty inspect prints them: Go's %v of a float64 ("0.5", "2"). */
    public static String cpus(long nanoCpus) {
        BigDecimal bd = BigDecimal.valueOf(nanoCpus).movePointLeft(9).stripTrailingZeros();
        return bd.scale() < 0 ? bd.setScale(0).toPlainString() : bd.toPlainString();
    }
}
