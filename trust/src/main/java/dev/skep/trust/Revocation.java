package dev.skep.trust;

import java.security.cert.CertificateException;

/**
 * What the cluster's current state says of a peer whose certificate the root CA signed: a certificate stays
 * cryptographically valid until it expires, so removing a node or demoting a manager must be checked against the
 * store on every call and every Raft connection (SwarmKit's blacklisted certificates and role checks). Each
 * check throws, with the reason, when the peer must be refused.
 */
public interface Revocation {
    /** Accepts every certificate: before the node is part of a swarm, and for tests of the handshake alone. */
    Revocation NONE = new Revocation() {
        @Override
        public void checkNode(NodeIdentity peer) {}

        @Override
        public void checkManager(NodeIdentity peer) {}

        @Override
        public void checkRaftPeer(NodeIdentity peer) {}
    };

    /** Any node of the swarm (a session, a renewal): refused once the node was removed. */
    void checkNode(NodeIdentity peer) throws CertificateException;

    /** A manager-only call: also refused as soon as the store no longer wants the node as a manager. */
    void checkManager(NodeIdentity peer) throws CertificateException;

    /**
     * A Raft member: refused once the node was removed. Demotion is not checked here: a member catching up reads an
     * older store, and must not refuse the leader that would bring it up to date; a demoted manager leaves the Raft
     * configuration instead (the leader takes it out, and Raft heeds no one outside its configuration).
     */
    void checkRaftPeer(NodeIdentity peer) throws CertificateException;
}
