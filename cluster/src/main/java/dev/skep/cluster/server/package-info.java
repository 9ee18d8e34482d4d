/** The manager's cluster port: one gRPC server carrying every service, each behind the caller's authentication. */
package dev.skep.cluster.server;
