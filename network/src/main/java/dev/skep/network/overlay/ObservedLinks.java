package dev.skep.network.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.network.NetworkNames;
import dev.skep.network.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the kernel has now of Skep's devices, read from iproute2's JSON output. */
final class ObservedLinks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A bridge or VXLAN device Skep owns. vni/local/port only for VXLAN. */
    record Link(
            String name,
            String kind,
            String master,
            String mac,
            int mtu,
            boolean up,
            Integer vni,
            String local,
            Integer port) {}

    /** A unicast forwarding entry on a VXLAN device: this MAC lives behind that node. */
    record Fdb(String mac, String dst) {}

    /** A permanent neighbour on a VXLAN device (answered by proxy ARP). */
    record Neighbour(String ip, String mac) {}

    private ObservedLinks() {}

    static Map<String, Link> links(CommandRunner runner) {
        Map<String, Link> links = new LinkedHashMap<>();
        for (JsonNode n : parse(runner.check("ip", "-j", "-d", "link", "show"))) {
            String name = n.path("ifname").asText();
            if (!name.startsWith(NetworkNames.BRIDGE_PREFIX) && !name.startsWith(NetworkNames.VXLAN_PREFIX)) {
                continue;
            }
            JsonNode info = n.path("linkinfo");
            String kind = info.path("info_kind").asText("");
            JsonNode data = info.path("info_data");
            boolean vxlan = kind.equals("vxlan");
            boolean up = n.path("flags").toString().contains("\"UP\"");
            links.put(
                    name,
                    new Link(
                            name,
                            kind,
                            n.path("master").asText(null),
                            n.path("address").asText(null),
                            n.path("mtu").asInt(),
                            up,
                            vxlan ? data.path("id").asInt() : null,
                            vxlan ? data.path("local").asText(null) : null,
                            vxlan && data.has("port") ? data.path("port").asInt() : null));
        }
        return links;
    }

    /** IPv4 addresses with prefix ("10.0.1.1/24") on a device. */
    static Set<String> addresses(CommandRunner runner, String device) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : parse(runner.check("ip", "-j", "-4", "addr", "show", "dev", device))) {
            for (JsonNode a : n.path("addr_info")) {
                if (a.path("family").asText().equals("inet")) {
                    out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
                }
            }
        }
        return out;
    }

    static Set<Fdb> fdb(CommandRunner runner, String vxlan) {
        Set<Fdb> out = new LinkedHashSet<>();
        for (JsonNode n : parse(runner.check("bridge", "-j", "fdb", "show", "dev", vxlan))) {
            // entries with a dst are the device's own (self) entries; the rest belong to the bridge
            if (n.hasNonNull("dst")) {
                out.add(new Fdb(n.path("mac").asText(), n.path("dst").asText()));
            }
        }
        return out;
    }

    static Set<Neighbour> neighbours(CommandRunner runner, String vxlan) {
        Set<Neighbour> out = new LinkedHashSet<>();
        for (JsonNode n : parse(runner.check("ip", "-j", "-4", "neigh", "show", "dev", vxlan))) {
            if (n.path("state").toString().contains("PERMANENT")) {
                out.add(new Neighbour(n.path("dst").asText(), n.path("lladdr").asText()));
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable iproute2 output: " + json, e);
        }
    }
}
