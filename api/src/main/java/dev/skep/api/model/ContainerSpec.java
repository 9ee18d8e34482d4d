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
        List<SecretReference> secrets,
        List<ConfigReference> configs,
        String isolation,
        Boolean init,
        Map<String, String> sysctls,
        List<String> capabilityAdd,
        List<String> capabilityDrop,
        List<Ulimit> ulimits,
        Long oomScoreAdj) {

    public record DnsConfig(List<String> nameservers, List<String> search, List<String> options) {}

    public record Ulimit(String name, Long soft, Long hard) {}

    /** {@code swarm.SecretReferenceFileTarget} (and the config one): a file in the container; Mode is a number. */
    public record FileTarget(
            String name,
            @JsonProperty("UID") String uid,
            @JsonProperty("GID") String gid,
            Integer mode) {}

    /** {@code swarm.SecretReference}: the docker CLI resolves the name to the ID before it sends the spec. */
    public record SecretReference(
            FileTarget file, @JsonProperty("SecretID") String secretID, String secretName) {}

    /** {@code swarm.ConfigReference}: a file target, or Runtime (Windows credential specs, refused on Linux). */
    public record ConfigReference(
            FileTarget file,
            JsonNode runtime,
            @JsonProperty("ConfigID") String configID,
            String configName) {}

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
