package dev.skep.daemon;

import dev.skep.cluster.ca.NodeCaClient;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.SecurityConfig;
import java.util.List;

/**
 * The client the role check asks the leader with, kept from one check to the next. A new client per check
 * rebuilt the TLS key store (two PBKDF2 key derivations) and opened a new mutual-TLS connection every
 * {@link RoleWatcher#PERIOD} on every node, for a question that is almost always answered "no change". It is
 * replaced only when the node's certificate or the managers to ask change.
 */
final class RoleCheckClient implements AutoCloseable {
    private NodeCaClient client;
    private NodeCertificate identity;
    private SecurityConfig live;
    private List<String> managers;

    /**
     * A client on the node's live identity and trust set, kept while the managers to ask stay the same: it presents
     * each renewed certificate on its next call and trusts the roots the node trusts then, so the check that tells a
     * node a root rotation finished reaches managers already on the new root.
     */
    synchronized NodeCaClient get(SecurityConfig security, List<String> askManagers) {
        if (client == null || live != security || !askManagers.equals(managers)) {
            close();
            client = new NodeCaClient(security, askManagers);
            live = security;
            identity = null;
            managers = List.copyOf(askManagers);
        }
        return client;
    }

    /** A client for this identity and these managers: the kept one when they are the same. */
    synchronized NodeCaClient get(NodeCertificate cert, List<String> askManagers) {
        if (client == null
                || identity == null
                || !cert.certificate().equals(identity.certificate())
                || !askManagers.equals(managers)) {
            close();
            client = new NodeCaClient(cert, askManagers);
            identity = cert;
            live = null;
            managers = List.copyOf(askManagers);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) client.close();
        client = null;
    }
}
