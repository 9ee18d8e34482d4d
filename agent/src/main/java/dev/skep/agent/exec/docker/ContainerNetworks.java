package dev.skep.agent.exec.docker;

import dev.skep.network.overlay.DockerAttachment;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Where the docker executor learns that an overlay network is up on this node, and how to attach to it. */
public interface ContainerNetworks {
    /**
     * Waits until the network's bridge, VXLAN device and Docker network exist on this node.
     *
     * @return how a container joins the network
     * @throws TimeoutException when the node was not told about the network in time
     * @throws NetworkSetupFailed when the node's last attempt to set the network up failed (dockerd's reason)
     */
    DockerAttachment awaitReady(String networkId, Duration timeout)
            throws InterruptedException, TimeoutException, NetworkSetupFailed;
}
