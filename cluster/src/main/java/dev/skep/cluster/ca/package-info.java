/**
 * Join and certificates over the cluster port: {@code skep.CA} (the root CA and signing for a join token,
 * {@link dev.skep.cluster.ca.JoinClient} on the joining node) and {@code skep.NodeCA} (a node's granted role and
 * the renewal of its certificate for it). The certificates themselves are {@code dev.skep.trust}'s.
 */
package dev.skep.cluster.ca;
