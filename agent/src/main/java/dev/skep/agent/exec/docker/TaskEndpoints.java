package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.skep.agent.exec.ExecException;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.Task;
import dev.skep.network.overlay.DockerAttachment;
import dev.skep.network.overlay.DockerAttachment.ContainerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Puts a task's container on its overlay networks before its process starts: the container is created on the
 * first network (its own networks before ingress, so names resolve through that network's DNS) with the task's
 * IP, MAC and the gateways as DNS servers, and connected to the others before it is started. On a shared host the
 * gateways answer no DNS: the container's names become Docker network aliases instead.
 */
final class TaskEndpoints {
    /** How long a task waits for the node to bring its networks up; past that it is retried. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private TaskEndpoints() {}

    /** The task's endpoints, primary first; empty when it joins no network or the node has no network agent. */
    static List<ContainerEndpoint> await(Task task, ContainerNetworks networks) throws ExecException {
        List<NetworkAttachment> attachments = task.networksAttachments();
        if (networks == null || attachments == null || attachments.isEmpty()) return List.of();
        List<NetworkAttachment> ordered = new ArrayList<>(attachments);
        ordered.sort(
                Comparator.comparing(a -> a.network() != null && a.network().isIngress()));
        List<ContainerEndpoint> out = new ArrayList<>();
        for (NetworkAttachment a : ordered) {
            if (a.network() == null || a.addresses() == null || a.addresses().isEmpty()) continue;
            String ip = a.addresses().get(0);
            ip = ip.contains("/") ? ip.substring(0, ip.indexOf('/')) : ip;
            try {
                DockerAttachment attachment = networks.awaitReady(a.network().id(), WAIT);
                out.add(attachment.endpoint(ip, names(task, a.network())));
            } catch (TimeoutException e) {
                throw ExecException.temporary("network " + a.network().name() + " is not ready on this node", e);
            } catch (NetworkSetupFailed e) {
                // rejected, so the restart policy places a new task (maybe elsewhere), as Swarm rejects a task whose
                // network its node cannot create
                throw ExecException.fatal(
                        "network " + a.network().name() + " cannot be set up on this node: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ExecException.temporary(
                        "interrupted while waiting for network " + a.network().name(), e);
            }
        }
        return out;
    }

    /**
     * The names the task answers to on a network, as Skep's DNS gives them: the service name, {@code tasks.} and
     * the service name, and the aliases the service asks for on that network (for a stack service, its short name).
     */
    static List<String> names(Task task, Network network) {
        String service = SwarmLabels.serviceName(task);
        Set<String> names = new LinkedHashSet<>(List.of(service, "tasks." + service));
        List<NetworkAttachmentConfig> wanted =
                task.spec() == null ? null : task.spec().networks();
        if (wanted != null) {
            for (NetworkAttachmentConfig c : wanted) {
                boolean same = network.id().equals(c.target()) || network.name().equals(c.target());
                if (same && c.aliases() != null) names.addAll(c.aliases());
            }
        }
        return List.copyOf(names);
    }

    /** Creates the container on the first endpoint's network; keeps nameservers the service set itself. */
    static void applyPrimary(CreateContainerCmd cmd, List<ContainerEndpoint> endpoints) {
        if (endpoints.isEmpty()) return;
        ContainerEndpoint primary = endpoints.get(0);
        HostConfig hc = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
        hc.withNetworkMode(primary.dockerNetworkName());
        List<String> dns = endpoints.stream()
                .map(ContainerEndpoint::dnsServer)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        if ((hc.getDns() == null || hc.getDns().length == 0) && !dns.isEmpty()) hc.withDns(dns);
        cmd.withHostConfig(hc).withIpv4Address(primary.ip()).withMacAddress(primary.mac());
        if (!primary.aliases().isEmpty()) cmd.withAliases(primary.aliases());
    }

    /** Connects a created container to the other endpoints' networks (dockerd derives the MAC from the IP). */
    static void connectOthers(DockerClient client, String containerId, List<ContainerEndpoint> endpoints) {
        for (ContainerEndpoint e : endpoints.subList(Math.min(1, endpoints.size()), endpoints.size())) {
            try {
                client.connectToNetworkCmd()
                        .withNetworkId(e.dockerNetworkName())
                        .withContainerId(containerId)
                        .withContainerNetwork(new ContainerNetwork()
                                .withAliases(e.aliases())
                                .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(e.ip())))
                        .exec();
            } catch (ConflictException alreadyConnected) {
                // adopted container
            }
        }
    }
}
