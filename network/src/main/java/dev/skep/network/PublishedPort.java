package dev.skep.network;

import java.util.List;
import java.util.Objects;

/**
 * A port a service publishes on nodes.
 *
 * @param protocol      tcp or udp
 * @param publishedPort the port on the node's addresses
 * @param targetPort    the port inside the task
 * @param mode          INGRESS: every node answers and forwards to any backend (routing mesh);
 *                      HOST: the node answers only when it runs a backend, and forwards only to its own
 * @param networkId     the overlay network the backends' IPs are on (the ingress network for INGRESS)
 * @param backends      the tasks' IPs on that network and the nodes they run on
 */
public record PublishedPort(
        Protocol protocol,
        int publishedPort,
        int targetPort,
        PublishMode mode,
        String networkId,
        List<Backend> backends) {
    public PublishedPort {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(mode, "mode");
        backends = List.copyOf(backends);
    }

    public enum PublishMode {
        INGRESS,
        HOST
    }

    /** A task behind a published port. */
    public record Backend(String ip, String nodeAddress) {
        public boolean isOn(String underlayAddress) {
            return nodeAddress.equals(underlayAddress);
        }
    }
}
