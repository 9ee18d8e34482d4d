package dev.skep.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The root CAs a node trusts now: the cluster's root, and during a root rotation the new one as well. A root
 * rotation changes them while connections are open; trust managers built on this holder
 * ({@link ClusterTrustManager#peers(TrustRoots, String, String)}) judge every handshake by the current set.
 */
public final class TrustRoots implements Supplier<List<X509Certificate>> {
    private volatile Snapshot current;

    /** One set of roots with the trust managers built for it (rebuilding PKIX per handshake would be wasteful). */
    private record Snapshot(List<X509Certificate> roots, java.util.Map<String, ClusterTrustManager> managers) {}

    public TrustRoots(List<X509Certificate> roots) {
        set(roots);
    }

    @Override
    public List<X509Certificate> get() {
        return current.roots();
    }

    /** Trust these roots from the next handshake on. */
    public void set(List<X509Certificate> roots) {
        if (roots == null || roots.isEmpty()) throw new IllegalArgumentException("at least one root CA is required");
        Snapshot now = current;
        if (now != null && now.roots().equals(roots)) return;
        current = new Snapshot(List.copyOf(roots), new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** The trust manager for the current roots, this cluster and role (null: any), built once per set. */
    ClusterTrustManager trustManager(String clusterId, String requiredRole) {
        Snapshot now = current;
        String key = Objects.toString(clusterId) + "/" + Objects.toString(requiredRole);
        return now.managers()
                .computeIfAbsent(key, k -> ClusterTrustManager.peers(now.roots(), clusterId, requiredRole));
    }
}
