package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Network;
import java.util.List;
import java.util.Set;

/**
 * dockerd's {@code GET /networks} filters: name and id match as substrings, driver and scope exactly,
 * label as usual, type {@code custom|builtin} (ingress counts as built in, as dockerd's predefined networks).
 */
final class NetworkFilters {
    private static final Set<String> TYPES = Set.of("custom", "builtin");

    private NetworkFilters() {}

    static void check(Filters f) {
        for (String t : f.get("type")) {
            if (!TYPES.contains(t)) throw ApiException.invalid("invalid filter: 'type'='" + t + "'");
        }
    }

    static boolean matches(Filters f, Network n) {
        return contains(f.get("name"), n.name())
                && contains(f.get("id"), n.id())
                && f.matchesExact("driver", driver(n))
                && f.matchesExact("scope", "swarm")
                && f.matchesLabels("label", n.spec().labels())
                && f.matchesExact("type", n.isIngress() ? "builtin" : "custom");
    }

    private static boolean contains(List<String> wanted, String value) {
        return wanted.isEmpty() || wanted.stream().anyMatch(w -> value != null && value.contains(w));
    }

    private static String driver(Network n) {
        if (n.driverState() != null && n.driverState().name() != null)
            return n.driverState().name();
        return Network.OVERLAY;
    }
}
