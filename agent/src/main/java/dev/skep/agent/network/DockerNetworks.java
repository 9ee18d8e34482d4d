package dev.skep.agent.network;

import dev.skep.network.overlay.DockerAttachment;
import java.util.Set;

/** The Docker networks that stand for Skep's overlays on this node's dockerd. */
public interface DockerNetworks {
    /** Creates the Docker network unless one of that name exists. */
    void ensure(DockerAttachment attachment);

    /** Removes a Docker network; false when dockerd refuses (e.g. a container still uses it). */
    boolean remove(String name);

    /** Names of the Docker networks Skep made on this dockerd. */
    Set<String> existing();
}
