package dev.skep.network.overlay;

import dev.skep.network.MacAddresses;
import dev.skep.network.NetworkNames;
import dev.skep.network.OverlayNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the docker executor puts a task's container on an overlay network so the network is up before the process
 * starts. Checked with dockerd 20.10: a {@code bridge}-driver network whose {@code com.docker.network.bridge.name}
 * names the bridge {@link OverlayPlumber} made is accepted — dockerd adopts the existing bridge (and leaves it in
 * place on {@code network rm}), so the container's veth lands on the same bridge as the VXLAN port. The container
 * is then created with the task's address ({@code --ip}) and the MAC derived from it; dockerd 20.10 derives the
 * same 02:42:&lt;ip&gt; MAC itself, but setting it keeps the two in step.
 * <p>
 * Order: {@code OverlayPlumber.apply} (bridge exists) → ensure the Docker network ({@link #networkCreateOptions})
 * → create the container on it ({@link #endpoint}) → start. Removal runs the other way: remove the Docker network
 * when no local task uses it any more, then apply the plumber without the network.
 *
 * @param dockerNetworkName the Docker network's name on this node's dockerd ({@code skep-<short id>})
 * @param subnet            the overlay subnet (Docker's IPAM must agree with the store's)
 * @param gateway           the overlay gateway (on the bridge; also this node's DNS address for the network)
 * @param options           driver options: the bridge name, masquerading off (traffic stays on the overlay),
 *                          inter-container traffic on, the overlay MTU
 * @param labels            labels marking the network as Skep's
 * @param namesByDocker     true on a shared host ({@link #sharedHost}): dockerd's embedded DNS answers the task's
 *                          names (network aliases), as there is no Skep DNS server on the gateway
 */
public record DockerAttachment(
        String dockerNetworkName,
        String subnet,
        String gateway,
        Map<String, String> options,
        Map<String, String> labels,
        boolean namesByDocker) {
    public static final String DRIVER = "bridge";

    public static DockerAttachment of(OverlayNetwork network) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("com.docker.network.bridge.name", network.bridgeName());
        options.put("com.docker.network.bridge.enable_ip_masquerade", "false");
        options.put("com.docker.network.bridge.enable_icc", "true");
        options.put("com.docker.network.driver.mtu", String.valueOf(OverlayPlumber.OVERLAY_MTU));
        return new DockerAttachment(
                NetworkNames.dockerNetwork(network.id()),
                network.subnet(),
                network.gateway(),
                Map.copyOf(options),
                labels(network),
                false);
    }

    /**
     * The overlay on a host whose nodes share one unprivileged dockerd (no bridges, VXLAN or DNS server of Skep's
     * own): a plain Docker bridge network with the overlay's subnet, which dockerd creates and names, so every
     * node's tasks on the overlay meet on it. Masquerading stays on, as on any Docker bridge network.
     */
    public static DockerAttachment sharedHost(OverlayNetwork network) {
        return new DockerAttachment(
                NetworkNames.dockerNetwork(network.id()),
                network.subnet(),
                network.gateway(),
                Map.of(),
                labels(network),
                true);
    }

    private static Map<String, String> labels(OverlayNetwork network) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("dev.skep.network.id", network.id());
        labels.put("dev.skep.network.name", network.name() == null ? "" : network.name());
        return Map.copyOf(labels);
    }

    /** The {@code docker network create} arguments (after "network create"), for scripts and tests. */
    public List<String> networkCreateOptions() {
        List<String> args = new ArrayList<>(List.of("--driver", DRIVER, "--subnet", subnet, "--gateway", gateway));
        options.forEach((k, v) -> args.addAll(List.of("--opt", k + "=" + v)));
        labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
        args.add(dockerNetworkName);
        return args;
    }

    /** Where a task's container goes on this network: the Docker network, its IP and MAC, and the DNS server. */
    public ContainerEndpoint endpoint(String taskIp) {
        return endpoint(taskIp, List.of());
    }

    /**
     * The same, with the names the task answers to on this network. They become Docker network aliases only when
     * dockerd answers names: otherwise dockerd's embedded DNS would answer a service name with the local tasks
     * instead of passing it on to Skep's DNS server, which answers with the VIP.
     */
    public ContainerEndpoint endpoint(String taskIp, List<String> names) {
        return namesByDocker
                ? new ContainerEndpoint(
                        dockerNetworkName, taskIp, MacAddresses.fromIp(taskIp), null, List.copyOf(names))
                : new ContainerEndpoint(dockerNetworkName, taskIp, MacAddresses.fromIp(taskIp), gateway, List.of());
    }

    /**
     * The container-side settings: {@code NetworkingConfig.EndpointsConfig[network].IPAMConfig.IPv4Address = ip},
     * {@code Config.MacAddress = mac} (API 1.41; per-endpoint {@code MacAddress} from 1.44), and
     * {@code HostConfig.Dns = [dnsServer]} so names resolve through this node's {@code DnsServer} — or, on a shared
     * host (dnsServer null), {@code EndpointsConfig[network].Aliases = aliases} for dockerd's embedded DNS.
     */
    public record ContainerEndpoint(
            String dockerNetworkName, String ip, String mac, String dnsServer, List<String> aliases) {
        /** The equivalent {@code docker create} flags. */
        public List<String> createFlags() {
            List<String> flags = new ArrayList<>(List.of("--network", dockerNetworkName, "--ip", ip));
            if (dnsServer != null) flags.addAll(List.of("--dns", dnsServer));
            aliases.forEach(a -> flags.addAll(List.of("--network-alias", a)));
            return flags;
        }
    }
}
