package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** A Swarm config as stored ({@code swarm.Config}): unlike a secret, the API shows its data. */
public record Config(
        @JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt, ConfigSpec spec)
        implements StoredObject {

    /** {@code swarm.ConfigSpec}: Data is base64 in JSON, as Go's []byte. */
    public record ConfigSpec(String name, Map<String, String> labels, byte[] data, Driver templating) {
        public ConfigSpec withLabels(Map<String, String> newLabels) {
            return new ConfigSpec(name, newLabels, data, templating);
        }
    }

    @Override
    public Config withMeta(Version v, Instant created, Instant updated) {
        return new Config(id, v, created, updated, spec);
    }

    @Override
    public String uniqueName() {
        return name();
    }

    public String name() {
        return spec == null ? null : spec.name();
    }

    public Config withSpec(ConfigSpec newSpec) {
        return new Config(id, version, createdAt, updatedAt, newSpec);
    }
}
