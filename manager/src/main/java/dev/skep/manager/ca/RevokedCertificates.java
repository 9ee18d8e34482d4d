package dev.skep.manager.ca;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Cluster.BlacklistedCertificate;
import dev.skep.api.model.Node;
import dev.skep.manager.role.NodeRoles;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Tx;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Revocation;
import dev.skep.trust.RootCA;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's word on certificates that still verify (SwarmKit's {@code Cluster.BlacklistedCertificates} and its
 * role checks): a removed node's certificates are refused until the last of them has expired, and a manager
 * certificate stops counting once the store no longer has the node as a manager. Node IDs are never reused (the CA
 * names every joining node), so blacklisting an ID revokes exactly the removed node's certificates.
 */
public final class RevokedCertificates implements Revocation {
    private final MemoryStore store;
    private final Clock clock;

    public RevokedCertificates(MemoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Puts every certificate of {@code nodeId} on the blacklist, in the same transaction as the node's removal, and
     * drops entries that have expired (so the list holds only nodes removed within one certificate lifetime).
     */
    public static void blacklist(Tx tx, String nodeId, Instant now) {
        Cluster cluster = tx.cluster();
        if (cluster == null) return;
        Map<String, BlacklistedCertificate> list = unexpired(cluster, now);
        list.put(nodeId, new BlacklistedCertificate(now.plus(longestLifetime(cluster))));
        tx.update(cluster.withBlacklistedCertificates(list));
    }

    /**
     * Until when a certificate issued before now may be valid. Certificates are not kept in the store, so the
     * bound is the current lifetime, and at least the default one (a certificate issued before
     * {@code --cert-expiry} was shortened lives that long).
     */
    static Duration longestLifetime(Cluster cluster) {
        Duration configured = ClusterCa.nodeCertExpiry(cluster).plus(RootCA.BACKDATE);
        return configured.compareTo(RootCA.DEFAULT_NODE_CERT_VALIDITY) > 0
                ? configured
                : RootCA.DEFAULT_NODE_CERT_VALIDITY.plus(RootCA.BACKDATE);
    }

    private static Map<String, BlacklistedCertificate> unexpired(Cluster cluster, Instant now) {
        Map<String, BlacklistedCertificate> kept = new HashMap<>();
        if (cluster.blacklistedCertificates() == null) return kept;
        cluster.blacklistedCertificates().forEach((id, entry) -> {
            if (!expired(entry, now)) kept.put(id, entry);
        });
        return kept;
    }

    private static boolean expired(BlacklistedCertificate entry, Instant now) {
        return entry.expiry() != null && !entry.expiry().isAfter(now);
    }

    @Override
    public void checkNode(NodeIdentity peer) throws CertificateException {
        String refusal = store.view(tx -> removed(tx, peer.nodeId()));
        if (refusal != null) throw new CertificateException(refusal);
    }

    @Override
    public void checkManager(NodeIdentity peer) throws CertificateException {
        String refusal = store.view(tx -> {
            String removed = removed(tx, peer.nodeId());
            if (removed != null || !peer.isManager()) return removed;
            Node node = tx.nodes().get(peer.nodeId());
            return node != null && NodeRoles.WORKER.equals(NodeRoles.desired(node)) ? demoted(peer) : null;
        });
        if (refusal != null) throw new CertificateException(refusal);
    }

    /**
     * Only the blacklist, which only grows (node IDs are never reused), so a member that is catching up and reads an
     * older store never refuses a peer the cluster still trusts — least of all the leader that would bring it up to
     * date. Roles can go back and forth; a demoted manager leaves the Raft configuration instead.
     */
    @Override
    public void checkRaftPeer(NodeIdentity peer) throws CertificateException {
        String refusal = store.view(tx -> removed(tx, peer.nodeId()));
        if (refusal != null) throw new CertificateException(refusal);
    }

    private String removed(ReadTx tx, String nodeId) {
        Cluster cluster = tx.cluster();
        BlacklistedCertificate entry = cluster == null || cluster.blacklistedCertificates() == null
                ? null
                : cluster.blacklistedCertificates().get(nodeId);
        if (entry == null || expired(entry, clock.instant())) return null;
        return "the certificate of node " + nodeId + " was revoked: the node was removed from the swarm; "
                + "join the swarm again";
    }

    private static String demoted(NodeIdentity peer) {
        return "node " + peer.nodeId() + " is no longer a manager: its manager certificate was revoked";
    }
}
