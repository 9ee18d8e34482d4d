package dev.skep.network;

import java.util.Objects;

/**
 * One address on an overlay network: a task's attachment, or a node's LB address.
 *
 * @param taskId      the task (or {@code lb-<nodeId>} for a node's LB address)
 * @param containerId the container once known, else null (informational)
 * @param ip          the IPv4 address, without prefix
 * @param mac         the MAC address, or null to derive it from the IP ({@link MacAddresses#fromIp})
 * @param nodeAddress the underlay address of the node the endpoint lives on
 */
public record Endpoint(String taskId, String containerId, String ip, String mac, String nodeAddress) {
    public Endpoint {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(nodeAddress, "nodeAddress");
        if (mac == null) {
            mac = MacAddresses.fromIp(ip);
        }
        mac = mac.toLowerCase(java.util.Locale.ROOT);
    }

    public static Endpoint of(String taskId, String ip, String nodeAddress) {
        return new Endpoint(taskId, null, ip, null, nodeAddress);
    }

    public boolean isOn(String underlayAddress) {
        return nodeAddress.equals(underlayAddress);
    }
}
