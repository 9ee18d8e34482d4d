package dev.skep.compose;

import dev.skep.api.model.NetworkCreateRequest;

/**
 * A network the stack's services use: its key in the file, its name on the cluster, and the create request
 * (null for an external network, which must already exist as a swarm-scoped network).
 */
public record StackNetwork(String key, String name, NetworkCreateRequest create) {
    public boolean external() {
        return create == null;
    }
}
