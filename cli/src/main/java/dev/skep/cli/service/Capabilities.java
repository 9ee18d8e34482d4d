package dev.skep.cli.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Capability names normalised as docker does: upper case with a CAP_ prefix, "ALL" kept as is. */
final class Capabilities {
    private Capabilities() {}

    static List<String> normalize(List<String> caps) {
        List<String> out = new ArrayList<>();
        for (String c : caps) {
            String u = c.trim().toUpperCase(Locale.ROOT);
            String n = u.equals("ALL") || u.startsWith("CAP_") ? u : "CAP_" + u;
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }
}
