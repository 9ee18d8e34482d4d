package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** What the executor runs for a task: {@code TaskTemplate.ContainerSpec}. Durations in nanoseconds. */
public record ContainerSpec(
        String image,
        Map<String, String> labels,
        List<String> command,
        List<String> args,
        String hostname,
        List<String> env,
        String dir,
        String user,
        List<String> groups,
        JsonNode privileges,
        @JsonProperty("TTY") Boolean tty,
        Boolean openStdin,
        Boolean readOnly,
        List<Mount> mounts,
        String stopSignal,
        Long stopGracePeriod,
        HealthConfig healthCheck,
        List<String> hosts,
        @JsonProperty("DNSConfig") DnsConfig dnsConfig,
        List<JsonNode> secrets,
        List<JsonNode> configs,
        String isolation,
        Boolean init,
        Map<String, String> sysctls,
        List<String> capabilityAdd,
        List<String> capabilityDrop,
        List<Ulimit> ulimits,
        Long oomScoreAdj) {

    public record DnsConfig(List<String> nameservers, List<String> search, List<String> options) {}

    public record Ulimit(String name, Long soft, Long hard) {}

    public ContainerSpec withImage(String newImage) {
        return new ContainerSpec(
                newImage,
                labels,
                command,
                args,
                hostname,
                env,
                dir,
                user,
                groups,
                privileges,
                tty,
                openStdin,
                readOnly,
                mounts,
                stopSignal,
                stopGracePeriod,
                healthCheck,
                hosts,
                dnsConfig,
                secrets,
                configs,
                isolation,
                init,
                sysctls,
                capabilityAdd,
                capabilityDrop,
                ulimits,
                oomScoreAdj);
    }
}
