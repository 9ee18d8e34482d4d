package dev.skep.agent.network;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.skep.network.overlay.DockerAttachment;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link DockerNetworks} on a Docker Engine through docker-java. */
public final class EngineDockerNetworks implements DockerNetworks {
    static final String ID_LABEL = "dev.skep.network.id";
    private static final Logger LOG = LoggerFactory.getLogger(EngineDockerNetworks.class);
    private final DockerClient client;

    public EngineDockerNetworks(DockerClient client) {
        this.client = client;
    }

    @Override
    public void ensure(DockerAttachment a) {
        if (existing().contains(a.dockerNetworkName())) return;
        Network.Ipam ipam = new Network.Ipam()
                .withConfig(new Network.Ipam.Config().withSubnet(a.subnet()).withGateway(a.gateway()));
        try {
            client.createNetworkCmd()
                    .withName(a.dockerNetworkName())
                    .withDriver(DockerAttachment.DRIVER)
                    .withIpam(ipam)
                    .withOptions(a.options())
                    .withLabels(a.labels())
                    .withCheckDuplicate(true)
                    .exec();
            LOG.info("created Docker network {} ({})", a.dockerNetworkName(), a.subnet());
        } catch (ConflictException exists) {
            // made meanwhile
        }
    }

    @Override
    public boolean remove(String name) {
        try {
            client.removeNetworkCmd(name).exec();
            LOG.info("removed Docker network {}", name);
            return true;
        } catch (NotFoundException gone) {
            return true;
        } catch (RuntimeException e) {
            LOG.debug("Docker network {} not removed yet: {}", name, e.getMessage());
            return false;
        }
    }

    @Override
    public Set<String> existing() {
        List<Network> networks =
                client.listNetworksCmd().withFilter("label", List.of(ID_LABEL)).exec();
        return networks.stream().map(Network::getName).collect(Collectors.toSet());
    }
}
