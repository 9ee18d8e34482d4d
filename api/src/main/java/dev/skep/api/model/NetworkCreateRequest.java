package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code POST /networks/create} body ({@code network.CreateRequest}). */
public record NetworkCreateRequest(
        String name,
        Boolean checkDuplicate,
        String driver,
        String scope,
        @JsonProperty("EnableIPv6") Boolean enableIPv6,
        @JsonProperty("IPAM") Ipam ipam,
        Boolean internal,
        Boolean attachable,
        Boolean ingress,
        Boolean configOnly,
        ConfigReference configFrom,
        Map<String, String> options,
        Map<String, String> labels) {}
