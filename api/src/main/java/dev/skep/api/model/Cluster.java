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
        JoinTokens joinTokens,
        Map<String, BlacklistedCertificate> blacklistedCertificates,
        RootRotation rootRotation)
        implements StoredObject {

    /** The cluster without revoked certificates or a root rotation (as every caller outside the CA makes it). */
    public Cluster(
            String id,
            Version version,
            Instant createdAt,
            Instant updatedAt,
            Spec spec,
            TlsInfo tlsInfo,
            Boolean rootRotationInProgress,
            Long dataPathPort,
            List<String> defaultAddrPool,
            Long subnetSize,
            JoinTokens joinTokens) {
        this(
                id,
                version,
                createdAt,
                updatedAt,
                spec,
                tlsInfo,
                rootRotationInProgress,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                joinTokens,
                null,
                null);
    }

    /**
     * SwarmKit's {@code BlacklistedCertificate}: every certificate of a removed node is refused until
     * {@code expiry} (null: for ever), after which none of them can be valid any more and the entry goes.
     */
    public record BlacklistedCertificate(Instant expiry) {}

    public record Spec(
            String name,
            Map<String, String> labels,
            Orchestration orchestration,
            Raft raft,
            Dispatcher dispatcher,
            @JsonProperty("CAConfig") CaConfig caConfig,
            EncryptionConfig encryptionConfig,
            TaskDefaults taskDefaults) {}

    public record Orchestration(Long taskHistoryRetentionLimit) {}

    public record Raft(
            Long snapshotInterval,
            Long keepOldSnapshots,
            Long logEntriesForSlowFollowers,
            Integer electionTick,
            Integer heartbeatTick) {}

    /** HeartbeatPeriod in nanoseconds. */
    public record Dispatcher(Long heartbeatPeriod) {}

    public record CaConfig(
            Long nodeCertExpiry,
            List<Map<String, Object>> externalCAs,
            String signingCACert,
            String signingCAKey,
            Long forceRotate) {}

    public record EncryptionConfig(Boolean autoLockManagers) {}

    public record TaskDefaults(Driver logDriver) {}

    public record JoinTokens(String worker, String manager) {}

    /**
     * A root CA rotation under way (SwarmKit's {@code RootCA.RootRotation}): the new root (PEM) and its key,
     * and the new root certified by the current one, the intermediate that node certificates are issued with
     * until every node has one from the new root. Kept in the store only: it holds a key, and
     * {@link #withoutSecrets()} drops it.
     */
    public record RootRotation(
            @JsonProperty("CACert") String caCert,
            @JsonProperty("CAKey") String caKey,
            @JsonProperty("CrossSignedCACert") String crossSignedCaCert) {}

    @Override
    public Cluster withMeta(Version v, Instant created, Instant updated) {
        return new Cluster(
                id,
                v,
                created,
                updated,
                spec,
                tlsInfo,
                rootRotationInProgress,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                joinTokens,
                blacklistedCertificates,
                rootRotation);
    }

    public Cluster withSpec(Spec newSpec) {
        return new Cluster(
                id,
                version,
                createdAt,
                updatedAt,
                newSpec,
                tlsInfo,
                rootRotationInProgress,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                joinTokens,
                blacklistedCertificates,
                rootRotation);
    }

    public Cluster withJoinTokens(JoinTokens tokens) {
        return new Cluster(
                id,
                version,
                createdAt,
                updatedAt,
                spec,
                tlsInfo,
                rootRotationInProgress,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                tokens,
                blacklistedCertificates,
                rootRotation);
    }

    public Cluster withTlsInfo(TlsInfo info) {
        return new Cluster(
                id,
                version,
                createdAt,
                updatedAt,
                spec,
                info,
                rootRotationInProgress,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                joinTokens,
                blacklistedCertificates,
                rootRotation);
    }

    /** The certificates of these nodes are refused (node ID → until when); null or empty: none. */
    public Cluster withBlacklistedCertificates(Map<String, BlacklistedCertificate> blacklisted) {
        return new Cluster(
                id,
                version,
                createdAt,
                updatedAt,
                spec,
                tlsInfo,
                rootRotationInProgress,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                joinTokens,
                blacklisted == null || blacklisted.isEmpty() ? null : Map.copyOf(blacklisted),
                rootRotation);
    }

    /** The cluster with this rotation under way ({@code RootRotationInProgress}), or none when null. */
    public Cluster withRootRotation(RootRotation rotation) {
        return new Cluster(
                id,
                version,
                createdAt,
                updatedAt,
                spec,
                tlsInfo,
                rotation != null,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                joinTokens,
                blacklistedCertificates,
                rotation);
    }

    /**
     * The cluster as clients may see it: without the root CA signing key (and its certificate) that the
     * managers keep in {@code Spec.CAConfig} so that any of them can sign (the root is in TLSInfo), and without
     * the revoked certificates, which the Engine API does not show either, and without a rotation's new root key.
     */
    public Cluster withoutSecrets() {
        if (blacklistedCertificates != null)
            return withBlacklistedCertificates(null).withoutSecrets();
        if (rootRotation != null) {
            // Clients see that a rotation is under way (RootRotationInProgress), never its key.
            return withRootRotation(null).withRootRotationInProgress().withoutSecrets();
        }
        if (spec == null || spec.caConfig() == null) return this;
        CaConfig ca = spec.caConfig();
        if (ca.signingCAKey() == null && ca.signingCACert() == null) return this;
        return withSpec(new Spec(
                spec.name(),
                spec.labels(),
                spec.orchestration(),
                spec.raft(),
                spec.dispatcher(),
                new CaConfig(ca.nodeCertExpiry(), ca.externalCAs(), null, null, ca.forceRotate()),
                spec.encryptionConfig(),
                spec.taskDefaults()));
    }

    private Cluster withRootRotationInProgress() {
        return new Cluster(
                id,
                version,
                createdAt,
                updatedAt,
                spec,
                tlsInfo,
                true,
                dataPathPort,
                defaultAddrPool,
                subnetSize,
                joinTokens,
                blacklistedCertificates,
                rootRotation);
    }

    public long taskHistoryLimit() {
        Long l = spec == null || spec.orchestration() == null
                ? null
                : spec.orchestration().taskHistoryRetentionLimit();
        return l == null ? 5 : l;
    }
}
