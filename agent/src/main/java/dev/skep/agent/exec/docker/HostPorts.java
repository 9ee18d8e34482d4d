package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import dev.skep.agent.exec.ExecException;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Host-mode published ports of a task on dockerd's default bridge, as container port bindings the way Docker's
 * Swarm executor makes them ({@code daemon/cluster/executor/container/container.go}): each port is exposed and
 * bound on every host address, to its published port or, when that is 0, to one dockerd picks. The ports that
 * were actually bound are read back from the container for the task's {@code PortStatus}. A task on an overlay
 * network gets its host-mode ports from the node's nftables rules instead, so it is never bound twice.
 */
final class HostPorts {
    static final String HOST = "host";

    private HostPorts() {}

    /**
     * The task's host-mode ports: from its copy of the service endpoint as allocated, else from the endpoint
     * spec (a task allocated before its service), where only an explicit {@code host} mode counts.
     */
    static List<PortConfig> of(Task task) {
        Service.Endpoint endpoint = task.endpoint();
        if (endpoint == null) return List.of();
        List<PortConfig> ports = endpoint.ports() != null
                ? endpoint.ports()
                : endpoint.spec() == null || endpoint.spec().ports() == null
                        ? List.of()
                        : endpoint.spec().ports();
        return ports.stream()
                .filter(p -> HOST.equalsIgnoreCase(p.publishMode()) && p.targetPort() != null)
                .toList();
    }

    /** Exposes and binds {@code ports} on the container to be created; nothing when there are none. */
    static void apply(CreateContainerCmd cmd, List<PortConfig> ports) throws ExecException {
        if (ports.isEmpty()) return;
        HostConfig hc = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
        cmd.withExposedPorts(exposedPorts(ports)).withHostConfig(hc.withPortBindings(portBindings(ports)));
    }

    /** {@code ExposedPorts}: each target port with its protocol, once. */
    static List<ExposedPort> exposedPorts(List<PortConfig> ports) throws ExecException {
        Set<ExposedPort> out = new LinkedHashSet<>();
        for (PortConfig p : ports) out.add(exposedPort(p));
        return List.copyOf(out);
    }

    /**
     * {@code PortBindings}: the published port on all host addresses, or an empty host port for dockerd to pick
     * one. Unlike Docker, which keeps only the last, several published ports for one target port all bind.
     */
    static Ports portBindings(List<PortConfig> ports) throws ExecException {
        Ports out = new Ports();
        for (PortConfig p : ports) {
            long published = p.publishedPort() == null ? 0 : p.publishedPort();
            out.bind(exposedPort(p), published == 0 ? Ports.Binding.empty() : Ports.Binding.bindPort((int) published));
        }
        return out;
    }

    private static ExposedPort exposedPort(PortConfig p) throws ExecException {
        String protocol = p.protocol() == null || p.protocol().isEmpty()
                ? "tcp"
                : p.protocol().toLowerCase(Locale.ROOT);
        InternetProtocol ip = switch (protocol) {
            case "tcp" -> InternetProtocol.TCP;
            case "udp" -> InternetProtocol.UDP;
            case "sctp" -> InternetProtocol.SCTP;
            default ->
                throw ExecException.fatal(
                        "invalid protocol for published port " + p.targetPort() + ": " + p.protocol());
        };
        return new ExposedPort(p.targetPort().intValue(), ip);
    }

    /**
     * The host-mode ports bound on the container (Swarm's {@code PortStatus}), or null when none is. dockerd
     * lists a binding per host address family; the same port bound twice is reported once.
     */
    static TaskStatus.PortStatus status(InspectContainerResponse c) {
        if (c.getNetworkSettings() == null || c.getNetworkSettings().getPorts() == null) return null;
        Map<ExposedPort, Ports.Binding[]> bindings =
                c.getNetworkSettings().getPorts().getBindings();
        Set<PortConfig> out = new LinkedHashSet<>();
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : bindings.entrySet()) {
            if (e.getValue() == null) continue;
            for (Ports.Binding b : e.getValue()) {
                Long published = hostPort(b);
                if (published == null) continue;
                out.add(new PortConfig(
                        null,
                        e.getKey().getProtocol().toString(),
                        (long) e.getKey().getPort(),
                        published,
                        HOST));
            }
        }
        if (out.isEmpty()) return null;
        List<PortConfig> ports = new ArrayList<>(out);
        ports.sort(java.util.Comparator.comparing(PortConfig::protocol)
                .thenComparing(PortConfig::targetPort)
                .thenComparing(PortConfig::publishedPort));
        return new TaskStatus.PortStatus(ports);
    }

    private static Long hostPort(Ports.Binding b) {
        String spec = b.getHostPortSpec();
        if (spec == null || spec.isEmpty()) return null;
        try {
            return Long.parseLong(spec);
        } catch (NumberFormatException rangeOrJunk) {
            return null;
        }
    }
}
