/**
 * Task logs across the cluster, as SwarmKit's log broker: the leader's {@link dev.skep.cluster.logs.LogBroker}
 * sends subscriptions to the nodes that run the tasks over their listen streams and collects the lines they
 * publish; following a service is a subscription that watches the store for the tasks it gets later.
 */
package dev.skep.cluster.logs;
