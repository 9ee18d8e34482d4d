package dev.skep.manager.allocator;

import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The networks a service or task joins, looked up in the store: the ingress network first, when needed. */
final class NetworkLookup {
    private NetworkLookup() {}

    /**
     * The networks, in order and without repeats. A target that names no network throws: the caller
     * waits for it rather than silently dropping an attachment.
     */
    static List<Network> networks(ReadTx tx, ServiceSpec service, List<NetworkAttachmentConfig> targets) {
        Map<String, Network> out = new LinkedHashMap<>();
        if (ServiceNetworks.needsIngress(service)) {
            Network ingress = ingress(tx);
            if (ingress == null) throw new AllocationException("the ingress network is missing");
            out.put(ingress.id(), ingress);
        }
        for (NetworkAttachmentConfig c : targets) {
            Network n = find(tx, c.target());
            if (n == null) throw new AllocationException("network " + c.target() + " not found");
            out.putIfAbsent(n.id(), n);
        }
        return new ArrayList<>(out.values());
    }

    /** The networks a service's VIPs live on. */
    static List<Network> ofService(ReadTx tx, ServiceSpec spec) {
        return networks(tx, spec, ServiceNetworks.targets(spec));
    }

    /**
     * The networks a task joins: those of the spec it was made from (or the service's deprecated
     * {@code Spec.Networks}), and ingress when its service publishes ingress ports.
     */
    static List<Network> ofTask(ReadTx tx, ServiceSpec service, TaskSpec task) {
        List<NetworkAttachmentConfig> targets = ServiceNetworks.targets(task);
        if (targets.isEmpty() && service != null && service.networks() != null) targets = service.networks();
        return networks(tx, service, targets);
    }

    /** True when a task joins no network at all, which needs no look at the allocations. */
    static boolean joinsNone(ReadTx tx, Task t) {
        if (!ServiceNetworks.targets(t.spec()).isEmpty()) return false;
        Service s = t.serviceID() == null ? null : tx.services().get(t.serviceID());
        if (s == null || s.spec() == null) return true;
        return !ServiceNetworks.needsIngress(s.spec())
                && (s.spec().networks() == null || s.spec().networks().isEmpty());
    }

    /** By ID, else by name (a spec stored before names were resolved). */
    static Network find(ReadTx tx, String target) {
        if (target == null) return null;
        Network n = tx.networks().get(target);
        return n != null ? n : tx.networks().byName(target);
    }

    static Network ingress(ReadTx tx) {
        return tx.networks().all().stream()
                .filter(Network::isIngress)
                .findFirst()
                .orElse(null);
    }
}
