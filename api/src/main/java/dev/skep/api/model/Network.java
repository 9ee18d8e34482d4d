package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A swarm network as stored (the Engine's {@code swarm.Network}): the user's spec plus what the allocator
 * gave it, {@code DriverState} (driver name and the VXLAN ID) and {@code IPAMOptions} (the subnet and gateway
 * actually used). {@code GET /networks} shows it as a {@link NetworkResource}.
 */
public record Network(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        NetworkSpec spec,
        Driver driverState,
        @JsonProperty("IPAMOptions") IpamOptions ipamOptions)
        implements StoredObject {

    /** The overlay driver's option that carries the network's VXLAN IDs (one per subnet). */
    public static final String VXLAN_ID_OPTION = "com.docker.network.driver.overlay.vxlanid_list";

    public static final String OVERLAY = "overlay";
    public static final String DEFAULT_IPAM = "default";

    @Override
    public Network withMeta(Version v, Instant created, Instant updated) {
        return new Network(id, v, created, updated, spec, driverState, ipamOptions);
    }

    @Override
    public String uniqueName() {
        return spec == null ? null : spec.name();
    }

    public String name() {
        return spec == null ? null : spec.name();
    }

    @JsonIgnore
    public boolean isIngress() {
        return spec != null && Boolean.TRUE.equals(spec.ingress());
    }

    /** True once the allocator has given the network a subnet and a VXLAN ID. */
    @JsonIgnore
    public boolean isAllocated() {
        return subnet() != null && vni() != null;
    }

    /** The allocated subnet (CIDR), or null before allocation. */
    @JsonIgnore
    public String subnet() {
        IpamConfig c = allocatedConfig();
        return c == null ? null : c.subnet();
    }

    @JsonIgnore
    public IpamConfig allocatedConfig() {
        List<IpamConfig> configs = ipamOptions == null ? null : ipamOptions.configs();
        return configs == null || configs.isEmpty() ? null : configs.get(0);
    }

    /** The allocated VXLAN ID, or null before allocation. */
    @JsonIgnore
    public Integer vni() {
        Map<String, String> options = driverState == null ? null : driverState.options();
        String list = options == null ? null : options.get(VXLAN_ID_OPTION);
        if (list == null || list.isEmpty()) return null;
        try {
            return Integer.parseInt(list.split(",")[0].trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public Network withAllocation(Driver state, IpamOptions ipam) {
        return new Network(id, version, createdAt, updatedAt, spec, state, ipam);
    }
}
