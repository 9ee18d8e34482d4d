package dev.skep.network;

/** Transport protocols a service port may use (Swarm's sctp is not supported by the data plane). */
public enum Protocol {
    TCP,
    UDP;

    public String nft() {
        return name().toLowerCase();
    }
}
