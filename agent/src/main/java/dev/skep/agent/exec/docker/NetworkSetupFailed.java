package dev.skep.agent.exec.docker;

/**
 * The node could not set an overlay network up (dockerd refused its Docker network, e.g. "Pool overlaps with other
 * one on this address space"): a task that needs the network is rejected with this message instead of waiting in
 * Preparing without a word.
 */
public final class NetworkSetupFailed extends Exception {
    private static final long serialVersionUID = 1L;

    public NetworkSetupFailed(String message) {
        super(message);
    }
}
