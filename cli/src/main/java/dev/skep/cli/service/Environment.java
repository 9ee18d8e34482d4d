package dev.skep.cli.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Environment lists as docker builds them: "KEY" alone takes the caller's value, a later KEY replaces an earlier. */
public final class Environment {
    private Environment() {}

    /** Adds {@code additions} to {@code current}, replacing variables with the same key in place. */
    public static List<String> merge(List<String> current, List<String> additions) {
        List<String> out = new ArrayList<>(current);
        for (String raw : additions) {
            String v = expand(raw);
            String key = key(v);
            int at = indexOfKey(out, key);
            if (at >= 0) out.set(at, v);
            else out.add(v);
        }
        return out;
    }

    /** Drops the variables whose key is in {@code keys} ({@code --env-rm KEY}). */
    public static List<String> remove(List<String> current, List<String> keys) {
        Set<String> drop = new LinkedHashSet<>(keys);
        List<String> out = new ArrayList<>();
        for (String v : current) {
            if (!drop.contains(key(v))) out.add(v);
        }
        return out;
    }

    static String key(String v) {
        int eq = v.indexOf('=');
        return eq < 0 ? v : v.substring(0, eq);
    }

    private static int indexOfKey(List<String> list, String key) {
        for (int i = 0; i < list.size(); i++) {
            if (key(list.get(i)).equals(key)) return i;
        }
        return -1;
    }

    private static String expand(String v) {
        if (v.contains("=")) return v;
        String value = System.getenv(v);
        return value == null ? v : v + "=" + value;
    }
}
