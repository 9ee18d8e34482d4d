package dev.skep.daemon;

/**
 * Renews this node's certificate now, out of its schedule: a root rotation wants every node's certificate
 * from the new root. Today {@link SwarmNode} renews through the leader's CA and saves the new identity; the
 * periodic renewer (with TLS hot-reload) provides the same call.
 */
@FunctionalInterface
interface RenewTrigger {
    void renewNow();
}
