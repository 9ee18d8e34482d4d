package dev.skep.network.dns;

import dev.skep.network.ServiceEndpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An immutable name table built from service endpoints, per network: {@code <service>} (and every alias) → the VIP,
 * or every task IP in dnsrr mode; {@code tasks.<service>} (and {@code tasks.<alias>}) → every task IP. Names are
 * case-insensitive and may carry the trailing root dot. A new table replaces the old one in one step, so readers
 * never see half an update.
 */
public final class ServiceRecords {
    public static final ServiceRecords EMPTY = new ServiceRecords(Map.of());
    private static final String TASKS = "tasks.";

    /** networkId → name → addresses (in a stable order; callers shuffle). */
    private final Map<String, Map<String, List<String>>> byNetwork;

    private ServiceRecords(Map<String, Map<String, List<String>>> byNetwork) {
        this.byNetwork = byNetwork;
    }

    public static ServiceRecords of(List<ServiceEndpoint> services) {
        Map<String, Map<String, Set<String>>> table = new HashMap<>();
        for (ServiceEndpoint s : services) {
            Map<String, Set<String>> names = table.computeIfAbsent(s.networkId(), k -> new HashMap<>());
            List<String> serviceAnswer = s.dnsrr() ? s.backends() : List.of(s.vip());
            for (String name : namesOf(s)) {
                names.computeIfAbsent(normalize(name), k -> new LinkedHashSet<>())
                        .addAll(serviceAnswer);
                names.computeIfAbsent(normalize(TASKS + name), k -> new LinkedHashSet<>())
                        .addAll(s.backends());
            }
        }
        Map<String, Map<String, List<String>>> frozen = new HashMap<>();
        table.forEach((net, names) -> {
            Map<String, List<String>> copy = new HashMap<>();
            names.forEach((n, ips) -> copy.put(n, List.copyOf(ips)));
            frozen.put(net, Map.copyOf(copy));
        });
        return new ServiceRecords(Map.copyOf(frozen));
    }

    private static List<String> namesOf(ServiceEndpoint s) {
        List<String> names = new ArrayList<>();
        names.add(s.serviceName());
        names.addAll(s.aliases());
        return names;
    }

    /**
     * The addresses for a name, shuffled (so clients that take the first spread over tasks), or null when the name
     * is not a service name on the network(s).
     *
     * @param networkId the network the question came in on, or null to look on every network
     */
    public List<String> lookup(String networkId, String name) {
        String key = normalize(name);
        Set<String> found = null;
        for (Map.Entry<String, Map<String, List<String>>> e : byNetwork.entrySet()) {
            if (networkId != null && !networkId.equals(e.getKey())) {
                continue;
            }
            List<String> ips = e.getValue().get(key);
            if (ips != null) {
                if (found == null) {
                    found = new LinkedHashSet<>();
                }
                found.addAll(ips);
            }
        }
        if (found == null) {
            return null;
        }
        List<String> shuffled = new ArrayList<>(found);
        Collections.shuffle(shuffled);
        return shuffled;
    }

    static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
