package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The swarm itself ({@code GET /swarm}). JoinTokens are only shown to managers through {@code /swarm};
 * {@code /info} shows the cluster without them.
 */
public record Cluster(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        Spec spec,
        @JsonProperty("TLSInfo") TlsInfo tlsInfo,
        Boolean rootRotationInProgress,
        Long dataPathPort,
        List<String> defaultAddrPool,
        Long subnetSize,
        JoinTokens joinTokens) implements StoredObject {

    public record Spec(String name, Map<String, String> labels, Orchestration orchestration, Raft raft,
                       Dispatcher dispatcher, @JsonProperty("CAConfig") CaConfig caConfig,
                       EncryptionConfig encryptionConfig, TaskDefaults taskDefaults) {
    }

    public record Orchestration(Long taskHistoryRetentionLimit) {
    }

    public record Raft(Long snapshotInterval, Long keepOldSnapshots, Long logEntriesForSlowFollowers,
                       Integer electionTick, Integer heartbeatTick) {
    }

    /** HeartbeatPeriod in nanoseconds. */
    public record Dispatcher(Long heartbeatPeriod) {
    }

    public record CaConfig(Long nodeCertExpiry, List<Map<String, Object>> externalCAs, String signingCACert,
                           String signingCAKey, Long forceRotate) {
    }

    public record EncryptionConfig(Boolean autoLockManagers) {
    }

    public record TaskDefaults(Driver logDriver) {
    }

    public record JoinTokens(String worker, String manager) {
    }

    @Override
    public Cluster withMeta(Version v, Instant created, Instant updated) {
        return new Cluster(id, v, created, updated, spec, tlsInfo, rootRotationInProgress, dataPathPort,
                defaultAddrPool, subnetSize, joinTokens);
    }

    public Cluster withSpec(Spec newSpec) {
        return new Cluster(id, version, createdAt, updatedAt, newSpec, tlsInfo, rootRotationInProgress,
                dataPathPort, defaultAddrPool, subnetSize, joinTokens);
    }

    public Cluster withJoinTokens(JoinTokens tokens) {
        return new Cluster(id, version, createdAt, updatedAt, spec, tlsInfo, rootRotationInProgress,
                dataPathPort, defaultAddrPool, subnetSize, tokens);
    }

    public long taskHistoryLimit() {
        Long l = spec == null || spec.orchestration() == null ? null : spec.orchestration().taskHistoryRetentionLimit();
        return l == null ? 5 : l;
    }
}
