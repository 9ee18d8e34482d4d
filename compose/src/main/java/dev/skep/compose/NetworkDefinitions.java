package dev.skep.compose;

import dev.skep.api.model.Ipam;
import dev.skep.api.model.NetworkCreateRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The top-level {@code networks:} section. A network is created only when a service uses it; a service
 * without {@code networks} uses {@code default}, created with the defaults when not declared. The driver is
 * left empty here and defaults to overlay when created, as docker stack deploy does.
 */
final class NetworkDefinitions {
    static final String DEFAULT = "default";
    private static final Set<String> KEYS = Set.of(
            "driver", "driver_opts", "attachable", "internal", "ipam", "external", "name", "labels", "enable_ipv6");
    private static final Set<String> IPAM_KEYS = Set.of("driver", "config");
    private static final Set<String> IPAM_CONFIG_KEYS = Set.of("subnet");

    private final String stack;
    private final Map<String, YamlNode> declared = new LinkedHashMap<>();

    NetworkDefinitions(String stack, YamlNode section) {
        this.stack = stack;
        if (section != null && !section.isNull()) declared.putAll(section.entries());
    }

    boolean defines(String key) {
        return declared.containsKey(key) || DEFAULT.equals(key);
    }

    /** The network's name on the cluster: {@code name:}, the external name, or {@code <stack>_<key>}. */
    String clusterName(String key) {
        YamlNode n = declared.get(key);
        if (n == null || n.isNull()) return Stack.scope(stack, key);
        Map<String, YamlNode> f = n.fields(KEYS);
        if (f.containsKey("name")) return f.get("name").string();
        YamlNode external = f.get("external");
        if (external != null && external.isMapping()) {
            YamlNode name = external.fields(Set.of("name")).get("name");
            if (name != null) return name.string();
        }
        return external != null && isExternal(external) ? key : Stack.scope(stack, key);
    }

    /** The networks the services use, in name order. */
    List<StackNetwork> used(Set<String> keys) {
        List<StackNetwork> result = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(keys)) result.add(convert(key));
        return result;
    }

    /** Validates every declared network, used or not, so a typo is reported either way. */
    void validateAll() {
        for (String key : declared.keySet()) convert(key);
    }

    private StackNetwork convert(String key) {
        YamlNode n = declared.get(key);
        String name = clusterName(key);
        if (n == null || n.isNull()) {
            return new StackNetwork(key, name, create(name, null, Map.of(), null, null, null, null));
        }
        Map<String, YamlNode> f = n.fields(KEYS);
        YamlNode external = f.get("external");
        if (external != null && isExternal(external)) {
            for (String other : f.keySet()) {
                if (!other.equals("external") && !other.equals("name")) {
                    throw f.get(other).error("conflicts with external network");
                }
            }
            return new StackNetwork(key, name, null);
        }
        Map<String, String> options =
                f.containsKey("driver_opts") ? f.get("driver_opts").labels() : null;
        Boolean internal = f.containsKey("internal") ? f.get("internal").bool() : null;
        Boolean attachable = f.containsKey("attachable") ? f.get("attachable").bool() : null;
        if (f.containsKey("enable_ipv6") && f.get("enable_ipv6").bool()) {
            throw f.get("enable_ipv6").error("IPv6 overlay networks are not supported by Skep");
        }
        Map<String, String> labels = f.containsKey("labels") ? f.get("labels").labels() : Map.of();
        String driver = f.containsKey("driver") ? f.get("driver").string() : null;
        return new StackNetwork(
                key,
                name,
                create(
                        name,
                        driver,
                        labels,
                        options,
                        internal,
                        attachable,
                        f.containsKey("ipam") ? ipam(f.get("ipam")) : null));
    }

    private NetworkCreateRequest create(
            String name,
            String driver,
            Map<String, String> labels,
            Map<String, String> options,
            Boolean internal,
            Boolean attachable,
            Ipam ipam) {
        Map<String, String> allLabels = new TreeMap<>(labels);
        allLabels.put(Stack.NAMESPACE_LABEL, stack);
        return new NetworkCreateRequest(
                name, null, driver, null, null, ipam, internal, attachable, null, null, null, options, allLabels);
    }

    private static Ipam ipam(YamlNode node) {
        Map<String, YamlNode> f = node.fields(IPAM_KEYS);
        String driver = f.containsKey("driver") ? f.get("driver").string() : null;
        List<Ipam.Config> configs = new ArrayList<>();
        if (f.containsKey("config")) {
            for (YamlNode c : f.get("config").items()) {
                YamlNode subnet = c.fields(IPAM_CONFIG_KEYS).get("subnet");
                if (subnet == null) throw c.error("subnet is required");
                String cidr = subnet.string();
                if (!cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}"))
                    throw subnet.error("invalid subnet \"" + cidr + "\"");
                configs.add(new Ipam.Config(cidr, null, null, null));
            }
        }
        if (driver == null && configs.isEmpty()) return null;
        return new Ipam(driver, null, configs.isEmpty() ? null : configs);
    }

    private static boolean isExternal(YamlNode external) {
        if (external.isMapping()) {
            external.fields(Set.of("name"));
            return true;
        }
        return external.bool();
    }
}
