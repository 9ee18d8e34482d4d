package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.validation.RpcErrors;
import dev.skep.manager.allocator.ServiceNetworks;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Engine does with a service's networks and ports before storing it: network names (the CLI may
 * send names) become IDs ({@code populateNetworkID}), the ingress network cannot be named explicitly, and
 * an ingress port another service already publishes is refused (SwarmKit's {@code checkPortConflicts}).
 */
final class ServiceNetworkRefs {
    private ServiceNetworkRefs() {}

    /** The spec with every network target an ID. */
    static ServiceSpec resolve(ReadTx tx, ServiceSpec spec) {
        TaskSpec task = spec.taskTemplate();
        List<NetworkAttachmentConfig> taskNets = task == null ? null : resolve(tx, task.networks());
        List<NetworkAttachmentConfig> serviceNets = resolve(tx, spec.networks());
        TaskSpec newTask = task == null
                ? null
                : new TaskSpec(
                        task.pluginSpec(),
                        task.containerSpec(),
                        task.networkAttachmentSpec(),
                        task.resources(),
                        task.restartPolicy(),
                        task.placement(),
                        task.forceUpdate(),
                        task.runtime(),
                        taskNets,
                        task.logDriver());
        return new ServiceSpec(
                spec.name(),
                spec.labels(),
                newTask,
                spec.mode(),
                spec.updateConfig(),
                spec.rollbackConfig(),
                serviceNets,
                spec.endpointSpec());
    }

    private static List<NetworkAttachmentConfig> resolve(ReadTx tx, List<NetworkAttachmentConfig> nets) {
        if (nets == null) return null;
        List<NetworkAttachmentConfig> out = new ArrayList<>();
        for (NetworkAttachmentConfig c : nets) {
            if (c.target() == null || c.target().isEmpty())
                throw ApiException.invalid("network target must not be empty");
            Network n = NetworkApi.resolve(tx, c.target());
            if (n.isIngress()) {
                throw RpcErrors.invalidArgument(
                        "Service cannot be explicitly attached to the ingress network \"" + n.name() + "\"");
            }
            out.add(new NetworkAttachmentConfig(n.id(), c.aliases(), c.driverOpts()));
        }
        return out;
    }

    /** Refuses an ingress port that another service publishes (or was given). */
    static void checkPortConflicts(ReadTx tx, ServiceSpec spec, String selfId) {
        if (spec.endpointSpec() == null || spec.endpointSpec().ports() == null) return;
        for (PortConfig p : spec.endpointSpec().ports()) {
            long port = p.publishedPort() == null ? 0 : p.publishedPort();
            if (port == 0 || !ServiceNetworks.isIngressPort(p)) continue;
            String protocol = ServiceNetworks.protocol(p);
            for (Service other : tx.services().all()) {
                if (other.id().equals(selfId)) continue;
                if (publishes(other, protocol, port)) {
                    throw RpcErrors.invalidArgument("port '" + port + "' is already in use by service '" + other.name()
                            + "' (" + other.id() + ") as an ingress port");
                }
            }
        }
    }

    private static boolean publishes(Service s, String protocol, long port) {
        List<PortConfig> all = new ArrayList<>();
        if (s.spec().endpointSpec() != null && s.spec().endpointSpec().ports() != null) {
            all.addAll(s.spec().endpointSpec().ports());
        }
        if (s.endpoint() != null && s.endpoint().ports() != null)
            all.addAll(s.endpoint().ports());
        return all.stream()
                .anyMatch(p -> ServiceNetworks.isIngressPort(p)
                        && protocol.equals(ServiceNetworks.protocol(p))
                        && p.publishedPort() != null
                        && p.publishedPort() == port);
    }
}
