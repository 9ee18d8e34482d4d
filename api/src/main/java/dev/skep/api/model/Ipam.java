package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code network.IPAM}, as in network create requests and {@code GET /networks}. */
public record Ipam(String driver, Map<String, String> options, List<Config> config) {

    /** {@code network.IPAMConfig}. */
    public record Config(
            String subnet,
            @JsonProperty("IPRange") String ipRange,
            String gateway,
            @JsonProperty("AuxiliaryAddresses") Map<String, String> auxiliaryAddresses) {}
}
