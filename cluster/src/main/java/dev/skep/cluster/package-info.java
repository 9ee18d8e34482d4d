/**
 * The cluster port: how nodes and managers talk to each other (gRPC over mutual TLS, JSON-marshalled, no code
 * generation). This package holds what every service shares: TLS credentials, the caller's authentication and
 * identity, channels, "not the leader" redirects and errors. The services are in {@code ca} (join, certificates),
 * {@code dispatch} (agents' sessions), {@code logs} (the log broker), {@code raft} (managers' membership) and
 * {@code server} (the manager's one gRPC server carrying them).
 */
package dev.skep.cluster;
