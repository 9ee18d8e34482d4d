package dev.skep.cli.service;

import dev.skep.api.time.GoDuration;
import dev.skep.api.units.Units;
import dev.skep.cli.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flag values converted as docker converts them, with docker's "invalid argument" wording on failure. */
public final class FlagValues {
    private FlagValues() {}

    /** A non-negative duration in nanoseconds ("10s", "1m30s", "500ms"). */
    public static long duration(String flag, String value) {
        long nanos = convert(flag, value, () -> GoDuration.parse(value));
        if (nanos < 0) throw invalid(flag, value, "duration cannot be negative");
        return nanos;
    }

    public static long memory(String flag, String value) {
        return convert(flag, value, () -> Units.ramInBytes(value));
    }

    public static long cpus(String flag, String value) {
        return convert(flag, value, () -> Units.nanoCpus(value));
    }

    public static long uint(String flag, String value) {
        long v = convert(flag, value, () -> Long.parseLong(value.trim()));
        if (v < 0) throw invalid(flag, value, "value must not be negative");
        return v;
    }

    public static double ratio(String flag, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(flag, value, "strconv.ParseFloat: parsing \"" + value + "\": invalid syntax");
        }
    }

    /** "k=v" strings to a map; a bare "k" maps to "" (docker's ConvertKVStringsToMap). */
    public static Map<String, String> keyValues(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values == null) return out;
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 0) out.put(v, "");
            else out.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return out;
    }

    interface Conversion {
        long apply();
    }

    private static long convert(String flag, String value, Conversion conversion) {
        try {
            return conversion.apply();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(flag, value, e.getMessage());
        }
    }

    static CliException invalid(String flag, String value, String why) {
        return new CliException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + why);
    }
}
