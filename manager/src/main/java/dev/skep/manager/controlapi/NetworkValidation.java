package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Driver;
import dev.skep.api.model.Ipam;
import dev.skep.api.model.IpamConfig;
import dev.skep.api.model.IpamOptions;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkCreateRequest;
import dev.skep.api.model.NetworkSpec;
import dev.skep.api.validation.RpcErrors;
import dev.skep.manager.allocator.Subnet;
import dev.skep.store.ReadTx;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code POST /networks/create} body into a swarm {@link NetworkSpec}, refusing what Skep cannot
 * make: anything but a swarm-scoped overlay network, encrypted overlays, IPv6, config-only networks, other IPAM drivers, and
 * subnets that are malformed or overlap another network's.
 */
final class NetworkValidation {
    /** The overlay driver option that asks for IPsec between nodes ({@code docker network create --opt encrypted}). */
    static final String ENCRYPTED_OPTION = "encrypted";

    private NetworkValidation() {}

    static NetworkSpec specOf(NetworkCreateRequest r) {
        if (r == null) throw ApiException.invalid("a network create request must be provided in the request body");
        String name = r.name() == null ? "" : r.name().trim();
        if (name.isEmpty()) throw ApiException.invalid("network name must not be empty");
        if (NetworkApi.PREDEFINED.contains(name)) {
            throw new ApiException(403, name + " is a pre-defined network and cannot be created");
        }
        String driver = r.driver() == null || r.driver().isEmpty() ? Network.OVERLAY : r.driver();
        if (!driver.equals(Network.OVERLAY)) {
            throw ApiException.invalid("Skep creates only swarm-scoped overlay networks: driver \"" + driver
                    + "\" is not supported (use --driver overlay)");
        }
        if (r.scope() != null && !r.scope().isEmpty() && !r.scope().equals("swarm")) {
            throw ApiException.invalid(
                    "Skep creates only swarm-scoped networks: scope \"" + r.scope() + "\" is not supported");
        }
        if (Boolean.TRUE.equals(r.configOnly())
                || (r.configFrom() != null
                        && r.configFrom().network() != null
                        && !r.configFrom().network().isEmpty())) {
            throw ApiException.invalid("config-only networks are not supported by Skep");
        }
        if (r.options() != null && r.options().containsKey(ENCRYPTED_OPTION)) {
            // Swarm would encrypt VXLAN traffic with IPsec; accepting the option and sending clear text would be worse
            // than refusing it.
            throw ApiException.invalid("encrypted overlay networks (--opt encrypted) are not supported by Skep yet: "
                    + "traffic between nodes would not be encrypted; create the network without the option");
        }
        if (Boolean.TRUE.equals(r.enableIPv6()))
            throw ApiException.invalid("IPv6 networks are not supported by Skep yet");
        if (Boolean.TRUE.equals(r.ingress()) && Boolean.TRUE.equals(r.attachable())) {
            throw RpcErrors.invalidArgument("ingress network cannot be attachable");
        }
        Map<String, String> labels = r.labels() == null ? Map.of() : r.labels();
        if (labels.containsKey(NetworkApi.INTERNAL_LABEL)) {
            throw new ApiException(
                    403,
                    "rpc error: code = PermissionDenied desc = label " + NetworkApi.INTERNAL_LABEL
                            + " is for predefined internal networks and cannot be applied by users");
        }
        return new NetworkSpec(
                name,
                labels,
                new Driver(Network.OVERLAY, r.options()),
                null,
                r.internal(),
                r.attachable(),
                r.ingress(),
                ipamOf(r.ipam()),
                null,
                "swarm");
    }

    /** SwarmKit's IPAM checks, with its messages. */
    private static IpamOptions ipamOf(Ipam ipam) {
        if (ipam == null) return null;
        String driver = ipam.driver() == null || ipam.driver().isEmpty() ? Network.DEFAULT_IPAM : ipam.driver();
        if (!driver.equals(Network.DEFAULT_IPAM)) throw RpcErrors.invalidArgument("invalid IPAM specified");
        List<Ipam.Config> configs = ipam.config() == null ? List.of() : ipam.config();
        if (configs.size() > 1) throw ApiException.invalid("Skep supports one IPv4 subnet per network");
        List<IpamConfig> out = configs.stream().map(NetworkValidation::check).toList();
        return new IpamOptions(new Driver(driver, ipam.options()), out);
    }

    private static IpamConfig check(Ipam.Config c) {
        Subnet subnet;
        try {
            subnet = Subnet.parse(c.subnet());
        } catch (IllegalArgumentException e) {
            throw RpcErrors.invalidArgument("ipam configuration: invalid subnet " + c.subnet());
        }
        if (!subnet.toString().equals(c.subnet())) {
            throw RpcErrors.invalidArgument(
                    "ipam configuration: invalid subnet " + c.subnet() + " (the network address is " + subnet + ")");
        }
        if (subnet.prefix() > 30)
            throw RpcErrors.invalidArgument("ipam configuration: subnet " + c.subnet() + " is too small");
        String range = c.ipRange() == null || c.ipRange().isEmpty() ? null : c.ipRange();
        if (range != null) {
            Subnet r;
            try {
                r = Subnet.parse(range);
            } catch (IllegalArgumentException e) {
                throw RpcErrors.invalidArgument("ipam configuration: invalid range " + range);
            }
            if (!subnet.contains(r)) {
                throw RpcErrors.invalidArgument(
                        "ipam configuration: subnet " + c.subnet() + " does not contain range " + range);
            }
        }
        String gateway = c.gateway() == null || c.gateway().isEmpty() ? null : c.gateway();
        if (gateway != null) {
            long ip;
            try {
                ip = Subnet.parseAddress(gateway);
            } catch (IllegalArgumentException e) {
                throw RpcErrors.invalidArgument("ipam configuration: invalid gateway " + gateway);
            }
            if (!subnet.contains(ip)) {
                throw RpcErrors.invalidArgument(
                        "ipam configuration: subnet " + c.subnet() + " does not contain gateway " + gateway);
            }
        }
        return new IpamConfig(c.subnet(), range, gateway);
    }

    /** An explicit subnet must not overlap any other network's, allocated or asked for (libnetwork's words). */
    static void checkOverlap(ReadTx tx, NetworkSpec spec) {
        if (spec.ipamOptions() == null || spec.ipamOptions().configs() == null) return;
        for (IpamConfig c : spec.ipamOptions().configs()) {
            Subnet wanted = Subnet.parse(c.subnet());
            for (Network other : tx.networks().all()) {
                for (String s : subnetsOf(other)) {
                    if (Subnet.parse(s).overlaps(wanted)) {
                        throw ApiException.invalid("invalid pool request: Pool overlaps with other one on this "
                                + "address space: " + c.subnet() + " overlaps " + s + " of network " + other.name());
                    }
                }
            }
        }
    }

    private static List<String> subnetsOf(Network n) {
        IpamOptions o = n.ipamOptions() != null ? n.ipamOptions() : n.spec().ipamOptions();
        if (o == null || o.configs() == null) return List.of();
        return o.configs().stream()
                .map(IpamConfig::subnet)
                .filter(s -> s != null && !s.isEmpty())
                .toList();
    }
}
