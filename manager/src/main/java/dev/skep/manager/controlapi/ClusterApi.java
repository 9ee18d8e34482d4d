package dev.skep.manager.controlapi;

import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.Cluster;
import dev.skep.api.time.GoDuration;
import dev.skep.api.validation.RpcErrors;
import dev.skep.manager.ca.ClusterCa;
import dev.skep.manager.ca.RootRotations;
import dev.skep.store.MemoryStore;
import dev.skep.trust.JoinTokens;
import java.time.Clock;

/** The swarm object: {@code GET /swarm}, and {@code POST /swarm/update} with join-token rotation. */
public final class ClusterApi {
    private final MemoryStore store;
    private final Clock clock;

    public ClusterApi(MemoryStore store) {
        this(store, Clock.systemUTC());
    }

    public ClusterApi(MemoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The cluster with its join tokens (managers only); 503 before the swarm exists. */
    public Cluster get() {
        Cluster c = store.view(tx -> tx.cluster());
        if (c == null) throw dev.skep.api.errors.ApiException.unavailable(SwarmErrors.NOT_IN_SWARM);
        return c;
    }

    /**
     * Replaces the cluster spec (the client sends the whole spec it read) and optionally rotates join
     * tokens; the version must be the one the client read. A new {@code CAConfig.ForceRotate} or a signing
     * CA pair starts a root CA rotation ({@link RootRotations}).
     */
    public void update(long version, Cluster.Spec spec, boolean rotateWorkerToken, boolean rotateManagerToken) {
        Cluster current = get();
        Commits.checkVersion(current.version(), version);
        Cluster.Spec wanted = spec == null ? null : validated(spec);
        Cluster rotated = RootRotations.apply(current, wanted, clock);
        Cluster.Spec next = wanted == null ? current.spec() : ClusterCa.keepSigningCa(current.spec(), wanted);
        Cluster.JoinTokens tokens = current.joinTokens() == null
                ? ClusterCa.newJoinTokens(trustRoot(current), current.id())
                : current.joinTokens();
        if (rotateWorkerToken || rotateManagerToken) {
            tokens = new Cluster.JoinTokens(
                    rotateWorkerToken
                            ? JoinTokens.rotate(tokens.worker(), trustRoot(current), current.id())
                            : tokens.worker(),
                    rotateManagerToken
                            ? JoinTokens.rotate(tokens.manager(), trustRoot(current), current.id())
                            : tokens.manager());
        }
        Cluster updated = rotated.withSpec(next).withJoinTokens(tokens);
        Commits.update(store, tx -> tx.update(updated));
    }

    private static Cluster.Spec validated(Cluster.Spec spec) {
        if (spec.orchestration() != null
                && spec.orchestration().taskHistoryRetentionLimit() != null
                && spec.orchestration().taskHistoryRetentionLimit() < 0) {
            throw RpcErrors.invalidArgument("TaskHistoryRetentionLimit cannot be negative");
        }
        if (spec.dispatcher() != null
                && spec.dispatcher().heartbeatPeriod() != null
                && spec.dispatcher().heartbeatPeriod() < 0) {
            throw RpcErrors.invalidArgument("heartbeat period cannot be negative");
        }
        long minimum = ClusterCa.minNodeCertExpiry().toNanos();
        if (spec.caConfig() != null
                && spec.caConfig().nodeCertExpiry() != null
                && spec.caConfig().nodeCertExpiry() != 0
                && spec.caConfig().nodeCertExpiry() < minimum) {
            // SwarmKit's words (controlapi validateClusterSpec), colon included.
            throw RpcErrors.invalidArgument("minimum certificate expiry time is: " + GoDuration.format(minimum));
        }
        return spec;
    }

    private static String trustRoot(Cluster c) {
        return c.tlsInfo() == null ? null : c.tlsInfo().trustRoot();
    }
}
