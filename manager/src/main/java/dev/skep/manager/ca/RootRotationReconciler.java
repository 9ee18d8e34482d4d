package dev.skep.manager.ca;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a root CA rotation (SwarmKit's {@code ca.rootRotationReconciler}): while the cluster has a
 * {@link Cluster.RootRotation}, it follows which nodes report ({@code Description.TLSInfo}) a certificate issued
 * by the new root, and once every node in the store does — a node that is down holds the rotation up, as in
 * Swarm — it makes the new root the cluster's, retires the old one and issues join tokens for the new root.
 * Nodes learn that they must renew from the leader's answer to their periodic role check, which compares the
 * issuer of the certificate they present with the one wanted here ({@link ClusterCa#desiredIssuer}).
 */
public final class RootRotationReconciler extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RootRotationReconciler.class);

    private Cluster.RootRotation rotation;
    private TlsInfo wanted;
    private final Set<String> unconverged = new HashSet<>();

    public RootRotationReconciler(MemoryStore store, Timer timer) {
        super("root-rotation", store, timer);
    }

    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() == Kind.CLUSTER || e.kind() == Kind.NODE;
    }

    @Override
    protected void load(ReadTx tx) {
        follow(tx.cluster(), tx);
    }

    @Override
    protected void reconcileAll() {
        // tick() runs next and finishes a rotation that has nothing left to wait for.
    }

    @Override
    protected void handle(Event e) {
        if (e.kind() == Kind.CLUSTER) {
            Cluster c = (Cluster) e.after();
            if (c != null && !Objects.equals(c.rootRotation(), rotation)) store.view(tx -> follow(c, tx));
            return;
        }
        if (rotation == null) return;
        if (e.action() == Event.Action.DELETE) unconverged.remove(e.before().id());
        else track((Node) e.after());
    }

    /** Starts over for the cluster's rotation (a new one replaces one under way), or forgets it. */
    private Void follow(Cluster cluster, ReadTx tx) {
        unconverged.clear();
        rotation = cluster == null ? null : cluster.rootRotation();
        wanted = rotation == null ? null : ClusterCa.desiredIssuer(cluster);
        if (rotation != null) tx.nodes().all().forEach(this::track);
        return null;
    }

    private void track(Node n) {
        TlsInfo has = n.description() == null ? null : n.description().tlsInfo();
        if (ClusterCa.sameIssuer(has, wanted)) unconverged.remove(n.id());
        else unconverged.add(n.id());
    }

    /** The number of nodes whose certificate is not yet from the new root (for tests and diagnostics). */
    int unconverged() {
        return unconverged.size();
    }

    @Override
    protected void tick() {
        if (rotation == null || !unconverged.isEmpty()) return;
        Cluster.RootRotation finishing = rotation;
        store.update(tx -> {
            Cluster c = tx.cluster();
            // Another rotation may have replaced this one meanwhile: its own events bring it here.
            if (c == null || !Objects.equals(c.rootRotation(), finishing)) return;
            tx.update(ClusterCa.finishRotation(c));
        });
        LOG.info("root CA rotation completed: every node has a certificate from the new root");
    }
}
