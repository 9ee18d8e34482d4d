package dev.skep.compose;

import dev.skep.api.units.Units;

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

    /** {@code cpus: 0.5} → 500000000 nano CPUs, read as the docker CLI reads them ({@link Units#nanoCpus}). */
    static long nanoCpus(YamlNode node) {
        String text = node.string().strip();
        long nanos;
        try {
            nanos = Units.nanoCpus(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            String why = String.valueOf(e.getMessage());
            throw node.error(why.contains(text) ? why : why + ": \"" + text + "\"");
        }
        if (nanos < 0) throw node.error("cpus must not be negative");
        return nanos;
    }
}
