package dev.skep.api.defaults;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.TlsInfo;
import java.util.List;
import java.util.Map;

/**
 * The cluster object {@code swarm init} stores: what the request gave, and SwarmKit's defaults for the rest
 * (task history 5, snapshot every 10,000 entries, election 10 ticks, heartbeat period 5 s,
 * certificates 90 days; VXLAN port 4789, address pool 10.0.0.0/8 in /24 subnets).
 */
public final class ClusterDefaults {
    public static final long HEARTBEAT_PERIOD_NANOS = 5_000_000_000L;
    public static final long NODE_CERT_EXPIRY_NANOS = 90L * 24 * 3600 * 1_000_000_000L;

    /** Swarm's data path (VXLAN) port, {@code --data-path-port}'s default. */
    public static final long DATA_PATH_PORT = 4789;
    /** Where overlay subnets come from unless {@code --default-addr-pool} says. */
    public static final List<String> DEFAULT_ADDR_POOL = List.of("10.0.0.0/8");
    /** The prefix length of each overlay subnet unless {@code --default-addr-pool-mask-length} says. */
    public static final int SUBNET_SIZE = 24;

    private ClusterDefaults() {}

    /**
     * The cluster object of a new swarm, before the CA adds its root and join tokens; null or zero arguments take
     * the defaults, as {@code POST /swarm/init} reads them.
     */
    public static Cluster cluster(
            String id, Cluster.Spec requested, Long dataPathPort, List<String> addrPool, Long subnetSize) {
        return new Cluster(
                id,
                null,
                null,
                null,
                spec(requested),
                new TlsInfo(null, null, null),
                false,
                dataPathPort == null || dataPathPort == 0 ? DATA_PATH_PORT : dataPathPort,
                addrPool == null || addrPool.isEmpty() ? DEFAULT_ADDR_POOL : List.copyOf(addrPool),
                subnetSize == null || subnetSize == 0 ? SUBNET_SIZE : subnetSize,
                null);
    }

    public static Cluster.Spec spec(Cluster.Spec requested) {
        Cluster.Spec r =
                requested != null ? requested : new Cluster.Spec(null, null, null, null, null, null, null, null);
        return new Cluster.Spec(
                r.name() == null || r.name().isEmpty() ? "default" : r.name(),
                r.labels() == null ? Map.of() : r.labels(),
                orchestration(r.orchestration()),
                raft(r.raft()),
                dispatcher(r.dispatcher()),
                ca(r.caConfig()),
                r.encryptionConfig() != null ? r.encryptionConfig() : new Cluster.EncryptionConfig(false),
                r.taskDefaults() != null ? r.taskDefaults() : new Cluster.TaskDefaults(null));
    }

    private static Cluster.Orchestration orchestration(Cluster.Orchestration o) {
        return new Cluster.Orchestration(
                o == null || o.taskHistoryRetentionLimit() == null ? 5L : o.taskHistoryRetentionLimit());
    }

    private static Cluster.Raft raft(Cluster.Raft r) {
        if (r == null) return new Cluster.Raft(10000L, 0L, 500L, 10, 1);
        return new Cluster.Raft(
                r.snapshotInterval() == null || r.snapshotInterval() == 0 ? 10000L : r.snapshotInterval(),
                r.keepOldSnapshots() == null ? 0L : r.keepOldSnapshots(),
                r.logEntriesForSlowFollowers() == null || r.logEntriesForSlowFollowers() == 0
                        ? 500L
                        : r.logEntriesForSlowFollowers(),
                r.electionTick() == null || r.electionTick() == 0 ? 10 : r.electionTick(),
                r.heartbeatTick() == null || r.heartbeatTick() == 0 ? 1 : r.heartbeatTick());
    }

    private static Cluster.Dispatcher dispatcher(Cluster.Dispatcher d) {
        return new Cluster.Dispatcher(
                d == null || d.heartbeatPeriod() == null || d.heartbeatPeriod() == 0
                        ? HEARTBEAT_PERIOD_NANOS
                        : d.heartbeatPeriod());
    }

    private static Cluster.CaConfig ca(Cluster.CaConfig c) {
        if (c == null) return new Cluster.CaConfig(NODE_CERT_EXPIRY_NANOS, null, null, null, null);
        return new Cluster.CaConfig(
                c.nodeCertExpiry() == null || c.nodeCertExpiry() == 0 ? NODE_CERT_EXPIRY_NANOS : c.nodeCertExpiry(),
                c.externalCAs(),
                null,
                null,
                c.forceRotate());
    }
}
