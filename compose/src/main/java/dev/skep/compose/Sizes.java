package dev.skep.compose;

import dev.skep.api.units.Units;
import java.math.BigDecimal;

/** Memory sizes ({@code 512M}, {@code 1gb}, plain bytes) read as docker's loader reads them, and CPU counts. */
final class Sizes {
    private Sizes() {}

    /** go-units {@code RAMInBytes}, as docker's compose loader reads {@code memory:} and {@code tmpfs.size}. */
    static long bytes(YamlNode node) {
        try {
            return Units.ramInBytes(node.string());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
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
