package dev.skep.trust;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A node's current TLS identity, which renewal replaces while the node runs (SwarmKit's {@code SecurityConfig}
 * with its mutable TLS credentials). Every TLS endpoint of the node — the cluster-port server and clients, the
 * Raft transport — presents its certificate through {@link #keyManager()}, which reads the current identity on
 * every handshake: a renewed certificate is what the next connection shows, without restarting a server or
 * dropping a connection that is open. Parts that keep connections (client channels) listen for the change to
 * make their next calls on fresh connections, before the old certificate expires.
 *
 * <p>It also holds the roots the node trusts now ({@link #trustRoots()}): every trust manager and per-call check
 * of the node reads them on each handshake or call, so a root rotation changes whom the node accepts (both roots
 * while it runs, the new one once it finished) without new TLS contexts, as a renewal changes what it presents.
 */
public final class SecurityConfig {
    private final Path directory;
    private final IdentityKeyManager keyManager;
    private final TrustRoots roots;
    private final List<Consumer<NodeCertificate>> listeners = new CopyOnWriteArrayList<>();
    private volatile NodeCertificate current;

    private SecurityConfig(NodeCertificate initial, Path directory) {
        this.current = Objects.requireNonNull(initial, "initial identity");
        this.directory = directory;
        this.keyManager = new IdentityKeyManager(this::current);
        this.roots = new TrustRoots(List.of(initial.rootCa()));
    }

    /** The identity saved in {@code directory} (the certificates directory); renewals are saved there. */
    public static SecurityConfig of(NodeCertificate initial, Path directory) {
        return new SecurityConfig(initial, Objects.requireNonNull(directory, "directory"));
    }

    /** An identity kept in memory only (tests, tools). */
    public static SecurityConfig inMemory(NodeCertificate initial) {
        return new SecurityConfig(initial, null);
    }

    public NodeCertificate current() {
        return current;
    }

    /**
     * Takes {@code next} on: saves it (a crash leaves the old pair or the new one, see
     * {@link NodeCertificate#saveRenewal}), then makes it the one every new handshake presents, then tells the
     * listeners. It must name the same node of the same cluster: a renewal never changes who a node is.
     */
    public void update(NodeCertificate next) {
        NodeIdentity now = current.identity();
        NodeIdentity then = next.identity();
        if (!Objects.equals(now.nodeId(), then.nodeId()) || !Objects.equals(now.clusterId(), then.clusterId())) {
            throw new IllegalArgumentException("a renewed certificate must name node " + now.nodeId() + " of cluster "
                    + now.clusterId() + ", not " + then.nodeId() + " of " + then.clusterId());
        }
        synchronized (this) {
            if (directory != null) next.saveRenewal(directory);
            keyManager.remember(current);
            // A new root in the identity (the rotation finished) is the only root trusted from now on.
            if (!next.rootCa().equals(current.rootCa())) roots.set(List.of(next.rootCa()));
            current = next;
        }
        for (Consumer<NodeCertificate> l : listeners) l.accept(next);
    }

    /** Presents the current key and chain on every handshake (server and client side). */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** The roots this node trusts now, read by its trust managers on every handshake and by per-call checks. */
    public TrustRoots trustRoots() {
        return roots;
    }

    /**
     * Trusts {@code roots} from the next handshake and call on (during a root rotation: the cluster's root and the
     * new one). Connections already open stay; each call on them is still checked against the set by the server.
     */
    public void trust(List<X509Certificate> roots) {
        this.roots.set(roots);
    }

    /** Calls {@code listener} after each {@link #update}; the returned handle stops that. */
    public Runnable onUpdate(Consumer<NodeCertificate> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
