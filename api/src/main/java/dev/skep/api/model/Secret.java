package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A Swarm secret as stored ({@code swarm.Secret}). The data lives only in the store (inside the Raft log) and
 * on the nodes that run a task using it; every API answer shows the secret {@link #withoutData() without it}.
 */
public record Secret(
        @JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt, SecretSpec spec)
        implements StoredObject {

    /** {@code swarm.SecretSpec}: Data is base64 in JSON, as Go's []byte. */
    public record SecretSpec(String name, Map<String, String> labels, byte[] data, Driver driver, Driver templating) {
        public SecretSpec withLabels(Map<String, String> newLabels) {
            return new SecretSpec(name, newLabels, data, driver, templating);
        }

        @Override
        public String toString() {
            return "SecretSpec[name=" + name + ", labels=" + labels + "]"; // never the data, not even in a log
        }
    }

    @Override
    public Secret withMeta(Version v, Instant created, Instant updated) {
        return new Secret(id, v, created, updated, spec);
    }

    @Override
    public String uniqueName() {
        return name();
    }

    public String name() {
        return spec == null ? null : spec.name();
    }

    /** As every API answer shows it: Swarm never returns a secret's data. */
    public Secret withoutData() {
        SecretSpec s = spec == null
                ? null
                : new SecretSpec(spec.name(), spec.labels(), null, spec.driver(), spec.templating());
        return new Secret(id, version, createdAt, updatedAt, s);
    }

    public Secret withSpec(SecretSpec newSpec) {
        return new Secret(id, version, createdAt, updatedAt, newSpec);
    }
}
