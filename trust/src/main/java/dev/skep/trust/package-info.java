/**
 * A swarm's certificates and keys, as SwarmKit's {@code ca} package: the root CA and node certificates (CN node
 * ID, OU role, O cluster ID, read only by {@link dev.skep.trust.NodeIdentity}), PEM, join tokens, and the one
 * trust manager used by the cluster port, Raft and a joining node. Bouncy Castle and the JDK only; every module
 * that talks to a peer builds on it.
 */
package dev.skep.trust;
