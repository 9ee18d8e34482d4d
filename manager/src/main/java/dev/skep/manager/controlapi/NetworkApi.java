package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.ConfigReference;
import dev.skep.api.model.Driver;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Ipam;
import dev.skep.api.model.IpamConfig;
import dev.skep.api.model.IpamOptions;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.NetworkCreateRequest;
import dev.skep.api.model.NetworkResource;
import dev.skep.api.model.NetworkSpec;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.validation.RpcErrors;
import dev.skep.manager.allocator.IngressNetwork;
import dev.skep.manager.allocator.NodeLbAddresses;
import dev.skep.manager.allocator.ServiceNetworks;
import dev.skep.store.ConflictException;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network half of the control API. Skep's networks are Swarm's: overlay, swarm-scoped, created on a
 * manager. A network is stored with its spec only; the allocator gives it a subnet and VXLAN ID.
 */
public final class NetworkApi {
    static final Set<String> LIST_FILTERS = Set.of("name", "id", "driver", "scope", "label", "type", "dangling");
    /** Names dockerd keeps for its own networks. */
    static final Set<String> PREDEFINED = Set.of("bridge", "host", "none", "default", "docker_gwbridge");

    static final String INTERNAL_LABEL = "com.docker.swarm.internal";

    private final MemoryStore store;

    public NetworkApi(MemoryStore store) {
        this.store = store;
    }

    /** The swarm's default ingress network, not yet stored: for the bootstrap transaction of {@code swarm init}. */
    public static Network ingressNetwork() {
        return IngressNetwork.create();
    }

    /** {@code POST /networks/create}; returns the new network's ID. */
    public String create(NetworkCreateRequest request) {
        NetworkSpec spec = NetworkValidation.specOf(request);
        Network network = new Network(Ids.newId(), null, null, null, spec, null, null);
        try {
            Commits.update(store, tx -> {
                if (tx.networks().byName(spec.name()) != null) throw nameTaken(spec.name());
                if (Boolean.TRUE.equals(spec.ingress())) {
                    Network ingress = tx.networks().find(Network::isIngress).stream()
                            .findFirst()
                            .orElse(null);
                    if (ingress != null) {
                        throw RpcErrors.alreadyExists("ingress network (" + ingress.id() + ") is already present");
                    }
                }
                NetworkValidation.checkOverlap(tx, spec);
                tx.create(network);
            });
        } catch (ConflictException e) {
            throw nameTaken(spec.name());
        }
        return network.id();
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("network with name " + name + " already exists");
    }

    /** {@code GET /networks/{id}}: by full ID, name or unique ID prefix. */
    public NetworkResource get(String idOrName) {
        return resource(store.view(tx -> resolve(tx, idOrName)));
    }

    /** {@code GET /networks}, with dockerd's filters. */
    public List<NetworkResource> list(Filters filters) {
        filters.validate(LIST_FILTERS);
        NetworkFilters.check(filters);
        return store.view(tx -> tx.networks().all().stream()
                .filter(n -> NetworkFilters.matches(filters, n))
                .sorted(Comparator.comparing(Network::name))
                .map(NetworkApi::resource)
                .toList());
    }

    /**
     * {@code DELETE /networks/{id}}: refused while a service names the network or a task that is (or will
     * be) running is attached to it, in SwarmKit's words.
     */
    public void remove(String idOrName) {
        Network n = store.view(tx -> resolve(tx, idOrName));
        if (n.spec() != null && n.spec().labels() != null && n.spec().labels().containsKey(INTERNAL_LABEL)) {
            throw new ApiException(403, n.name() + " is a pre-defined network and cannot be removed");
        }
        try {
            store.update(tx -> {
                Network fresh = tx.networks().get(n.id());
                if (fresh == null) throw ApiException.notFound("network " + idOrName + " not found");
                checkUnused(tx, fresh);
                tx.delete(fresh);
            });
        } catch (ConflictException e) {
            throw ApiException.notFound("network " + idOrName + " not found");
        }
    }

    private static void checkUnused(ReadTx tx, Network n) {
        for (Service s : tx.services().all()) {
            if (uses(s, n)) {
                throw RpcErrors.failedPrecondition("network " + n.id() + " is in use by service " + s.id());
            }
        }
        for (Task t : tx.tasks().all()) {
            if (t.desiredState() != null && t.desiredState().isAfter(TaskState.RUNNING)) continue;
            if (t.state().isAfter(TaskState.RUNNING)) continue;
            if (attached(t, n))
                throw RpcErrors.failedPrecondition("network " + n.id() + " is in use by task " + t.id());
        }
    }

    static boolean uses(Service s, Network n) {
        if (n.isIngress() && ServiceNetworks.needsIngress(s.spec())) return true;
        List<dev.skep.api.model.NetworkAttachmentConfig> targets = new ArrayList<>(ServiceNetworks.targets(s.spec()));
        if (s.spec().networks() != null) targets.addAll(s.spec().networks());
        return targets.stream()
                .anyMatch(c -> n.id().equals(c.target()) || n.name().equals(c.target()));
    }

    private static boolean attached(Task t, Network n) {
        if (t.networksAttachments() != null) {
            for (NetworkAttachment a : t.networksAttachments()) {
                if (a.network() != null && n.id().equals(a.network().id())) return true;
            }
        }
        return ServiceNetworks.targets(t.spec()).stream().anyMatch(c -> n.id().equals(c.target()));
    }

    /** Full ID, exact name, unique ID prefix. */
    public static Network resolve(ReadTx tx, String input) {
        return Resolver.resolve(
                "network", input, tx.networks().get(input), tx.networks().all(), n -> input.equals(n.name()));
    }

    /** The stored network as dockerd shows a swarm network ({@code BasicNetworkFromGRPC}). */
    public static NetworkResource resource(Network n) {
        NetworkSpec spec = n.spec();
        Driver state = n.driverState();
        Driver asked = spec.driverConfiguration();
        String driver = state != null && state.name() != null
                ? state.name()
                : asked != null && asked.name() != null ? asked.name() : Network.OVERLAY;
        Map<String, String> options = state != null && state.options() != null
                ? state.options()
                : asked != null && asked.options() != null ? asked.options() : Map.of();
        return new NetworkResource(
                n.name(),
                n.id(),
                n.createdAt(),
                "swarm",
                driver,
                Boolean.TRUE.equals(spec.ipv6Enabled()),
                ipam(n),
                Boolean.TRUE.equals(spec.internal()),
                Boolean.TRUE.equals(spec.attachable()),
                n.isIngress(),
                new ConfigReference(""),
                false,
                Map.of(),
                driverOptions(options),
                spec.labels() == null ? Map.of() : spec.labels(),
                null);
    }

    /** The driver's options as Docker shows them: without the nodes' load-balancer addresses Skep keeps there. */
    private static Map<String, String> driverOptions(Map<String, String> options) {
        Map<String, String> shown = new LinkedHashMap<>(options);
        shown.keySet().removeIf(k -> k.startsWith(NodeLbAddresses.OPTION_PREFIX));
        return shown;
    }

    /** The allocated pools, or before allocation the ones asked for. */
    private static Ipam ipam(Network n) {
        IpamOptions o = n.ipamOptions() != null ? n.ipamOptions() : n.spec().ipamOptions();
        String driver = o == null || o.driver() == null || o.driver().name() == null
                ? Network.DEFAULT_IPAM
                : o.driver().name();
        Map<String, String> options =
                o == null || o.driver() == null ? null : o.driver().options();
        List<Ipam.Config> configs = new ArrayList<>();
        if (o != null && o.configs() != null) {
            for (IpamConfig c : o.configs()) configs.add(new Ipam.Config(c.subnet(), c.range(), c.gateway(), null));
        }
        return new Ipam(driver, options, configs);
    }
}
