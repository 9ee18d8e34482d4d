package dev.skep.manager.scheduler;

import dev.skep.api.model.PortConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A port published in host mode: it binds on the node that runs the task, so two tasks cannot share it. */
record HostPort(String protocol, long port) {

    /** The host-mode ports with a fixed published port among a service's ports. */
    static Set<HostPort> of(List<PortConfig> ports) {
        Set<HostPort> out = new HashSet<>();
        if (ports == null) return out;
        for (PortConfig p : ports) {
            if (!"host".equalsIgnoreCase(p.publishMode())) continue;
            if (p.publishedPort() == null || p.publishedPort() == 0) continue;
            String protocol = p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT);
            out.add(new HostPort(protocol, p.publishedPort()));
        }
        return out;
    }
}
