/** {@code skep.Manager}: a manager joining or leaving asks the leader to change the Raft group. */
package dev.skep.cluster.raft;
