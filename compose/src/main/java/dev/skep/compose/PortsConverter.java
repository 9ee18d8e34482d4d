package dev.skep.compose;

import dev.skep.api.model.PortConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ports:} in the short syntax ({@code "8000:80"}, {@code "80"}, {@code "9000-9001:90-91"},
 * {@code "53:53/udp"}, an optional leading host IP) and the long one ({@code target}, {@code published},
 * {@code protocol}, {@code mode}). The short syntax means ingress and tcp; sorted by published port.
 */
final class PortsConverter {
    private static final Set<String> LONG_KEYS = Set.of("target", "published", "protocol", "mode", "name", "host_ip");

    private PortsConverter() {}

    static List<PortConfig> convert(YamlNode ports) {
        List<PortConfig> result = new ArrayList<>();
        for (YamlNode item : ports.items()) {
            if (item.isMapping()) {
                result.add(longSyntax(item));
            } else {
                result.addAll(shortSyntax(item));
            }
        }
        result.sort(Comparator.comparing((PortConfig p) -> p.publishedPort() == null ? 0 : p.publishedPort())
                .thenComparing(PortConfig::targetPort));
        return result;
    }

    private static PortConfig longSyntax(YamlNode item) {
        Map<String, YamlNode> f = item.fields(LONG_KEYS);
        if (!f.containsKey("target")) throw item.error("target is required");
        if (f.containsKey("host_ip")) throw f.get("host_ip").error("host_ip is not supported for services");
        long target = port(f.get("target"), f.get("target").string());
        Long published = f.containsKey("published")
                ? port(f.get("published"), f.get("published").string())
                : null;
        return new PortConfig(
                null,
                f.containsKey("protocol") ? f.get("protocol").oneOf("tcp", "udp", "sctp") : null,
                target,
                published,
                f.containsKey("mode") ? f.get("mode").oneOf("ingress", "host") : null);
    }

    private static List<PortConfig> shortSyntax(YamlNode item) {
        String spec = item.string();
        String protocol = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1);
            if (!Set.of("tcp", "udp", "sctp").contains(protocol))
                throw item.error("invalid proto \"" + protocol + "\"");
            spec = spec.substring(0, slash);
        }
        String[] parts = spec.split(":", -1);
        String published;
        String target;
        switch (parts.length) {
            case 1 -> {
                published = "";
                target = parts[0];
            }
            case 2 -> {
                published = parts[0];
                target = parts[1];
            }
            case 3 -> {
                published = parts[1];
                target = parts[2];
            }
            default -> throw item.error("invalid port \"" + item.string() + "\"");
        }
        long[] targets = range(item, target);
        long[] publishedRange = published.isEmpty() ? null : range(item, published);
        if (publishedRange != null && publishedRange.length != targets.length) {
            throw item.error("invalid ranges specified for container and host ports: \"" + item.string() + "\"");
        }
        List<PortConfig> ports = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            ports.add(new PortConfig(
                    null, protocol, targets[i], publishedRange == null ? null : publishedRange[i], "ingress"));
        }
        return ports;
    }

    private static long[] range(YamlNode item, String text) {
        int dash = text.indexOf('-');
        long start = port(item, dash < 0 ? text : text.substring(0, dash));
        long end = dash < 0 ? start : port(item, text.substring(dash + 1));
        if (end < start) throw item.error("invalid port range \"" + text + "\"");
        long[] ports = new long[(int) (end - start + 1)];
        for (int i = 0; i < ports.length; i++) ports[i] = start + i;
        return ports;
    }

    private static long port(YamlNode item, String text) {
        try {
            long p = Long.parseLong(text.strip());
            if (p < 0 || p > 65535) throw item.error("invalid port \"" + text + "\"");
            return p;
        } catch (NumberFormatException e) {
            throw item.error("invalid port \"" + text + "\"");
        }
    }
}
