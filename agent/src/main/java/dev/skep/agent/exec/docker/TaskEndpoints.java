package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.skep.agent.exec.ExecException;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.Task;
import dev.skep.network.overlay.DockerAttachment;
import dev.skep.network.overlay.DockerAttachment.ContainerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Puts a task's container on its overlay networks before its process starts: the container is created on the
 * first network (its own networks before ingress, so names resolve through that network's DNS) with the task's
 * IP, MAC and the gateways as DNS servers, and connected to the others before it is started.
 */
final class TaskEndpoints {
    /** How long a task waits for the node to bring its networks up; past that it is retried. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private TaskEndpoints() {
    }

    /** The task's endpoints, primary first; empty when it joins no network or the node has no network agent. */
    static List<ContainerEndpoint> await(Task task, ContainerNetworks networks) throws ExecException {
        List<NetworkAttachment> attachments = task.networksAttachments();
        if (networks == null || attachments == null || attachments.isEmpty()) return List.of();
        List<NetworkAttachment> ordered = new ArrayList<>(attachments);
        ordered.sort(Comparator.comparing(a -> a.network() != null && a.network().isIngress()));
        List<ContainerEndpoint> out = new ArrayList<>();
        for (NetworkAttachment a : ordered) {
            if (a.network() == null || a.addresses() == null || a.addresses().isEmpty()) continue;
            String ip = a.addresses().get(0);
            ip = ip.contains("/") ? ip.substring(0, ip.indexOf('/')) : ip;
            try {
                DockerAttachment attachment = networks.awaitReady(a.network().id(), WAIT);
                out.add(attachment.endpoint(ip));
            } catch (TimeoutException e) {
                throw ExecException.temporary("network " + a.network().name() + " is not ready on this node", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ExecException.temporary("interrupted while waiting for network " + a.network().name(), e);
            }
        }
        return out;
    }

    /** Creates the container on the first endpoint's network; keeps nameservers the service set itself. */
    static void applyPrimary(CreateContainerCmd cmd, List<ContainerEndpoint> endpoints) {
        if (endpoints.isEmpty()) return;
        ContainerEndpoint primary = endpoints.get(0);
        HostConfig hc = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
        hc.withNetworkMode(primary.dockerNetworkName());
        if (hc.getDns() == null || hc.getDns().length == 0) {
            hc.withDns(endpoints.stream().map(ContainerEndpoint::dnsServer).distinct().toList());
        }
        cmd.withHostConfig(hc).withIpv4Address(primary.ip()).withMacAddress(primary.mac());
    }

    /** Connects a created container to the other endpoints' networks (dockerd derives the MAC from the IP). */
    static void connectOthers(DockerClient client, String containerId, List<ContainerEndpoint> endpoints) {
        for (ContainerEndpoint e : endpoints.subList(Math.min(1, endpoints.size()), endpoints.size())) {
            try {
                client.connectToNetworkCmd().withNetworkId(e.dockerNetworkName()).withContainerId(containerId)
                        .withContainerNetwork(new ContainerNetwork()
                                .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(e.ip())))
                        .exec();
            } catch (ConflictException alreadyConnected) {
                // adopted container
            }
        }
    }
}
