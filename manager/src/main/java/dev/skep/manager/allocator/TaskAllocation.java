package dev.skep.manager.allocator;

import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's {@code NetworksAttachments}: one address on each network its spec names (and on ingress when
 * its service publishes ingress ports), each with a copy of the network as allocated.
 */
final class TaskAllocation {
    private TaskAllocation() {}

    /** The attachments the task needs; throws {@link AllocationException} when it must wait. */
    static List<NetworkAttachment> attachments(ReadTx tx, Allocations book, Task t) {
        Service service = t.serviceID() == null ? null : tx.services().get(t.serviceID());
        ServiceSpec serviceSpec = service == null ? null : service.spec();
        List<Network> networks = NetworkLookup.ofTask(tx, serviceSpec, t.spec());
        Map<String, NetworkAttachment> held = new HashMap<>();
        if (t.networksAttachments() != null) {
            for (NetworkAttachment a : t.networksAttachments()) {
                if (a.network() != null
                        && a.addresses() != null
                        && !a.addresses().isEmpty()) {
                    held.put(a.network().id(), a);
                }
            }
        }
        for (Network n : networks) {
            if (book.space(n.id()) == null)
                throw new AllocationException("network " + n.name() + " is not allocated yet");
        }
        List<NetworkAttachment> out = new ArrayList<>();
        Map<AddressSpace, Long> taken = new HashMap<>();
        for (Network n : networks) {
            AddressSpace space = book.space(n.id());
            NetworkAttachment prior = held.get(n.id());
            if (prior != null) {
                out.add(new NetworkAttachment(n, prior.addresses()));
                continue;
            }
            long ip = space.allocate();
            if (ip < 0) {
                // give back what this task took before failing, so the next task can have it
                taken.forEach(AddressSpace::release);
                throw new AllocationException("no addresses left on network " + n.name());
            }
            taken.put(space, ip);
            out.add(new NetworkAttachment(n, List.of(space.subnet().cidrOf(ip))));
        }
        return out;
    }
}
