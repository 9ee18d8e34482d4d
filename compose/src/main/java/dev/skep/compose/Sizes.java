package dev.skep.compose;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes ({@code 512M}, {@code 1gb}, {@code 100k}, plain bytes; binary units) and CPU counts. */
final class Sizes {
    private static final Pattern RAM = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private Sizes() {
    }

    static long bytes(YamlNode node) {
        String text = node.string().strip();
        Matcher m = RAM.matcher(text);
        if (!m.matches()) throw node.error("invalid size \"" + text + "\"");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        int power = switch (unit) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            case "p" -> 5;
            default -> 0;
        };
        return (long) (value * Math.pow(1024, power));
    }

    /** {@code cpus: 0.5} → 500000000 nano CPUs; more than nine decimals is an error, as docker says. */
    static long nanoCpus(YamlNode node) {
        String text = node.string().strip();
        try {
            BigDecimal nanos = new BigDecimal(text).movePointRight(9);
            if (nanos.signum() < 0) throw node.error("cpus must not be negative");
            try {
                return nanos.longValueExact();
            } catch (ArithmeticException e) {
                throw node.error("value is too precise: \"" + text + "\"");
            }
        } catch (NumberFormatException e) {
            throw node.error("invalid cpus \"" + text + "\"");
        }
    }
}
