package dev.skep.network;

/**
 * Names of the interfaces Skep owns. Linux limits names to 15 characters, so a network is named by the first
 * {@value #SHORT_ID} characters of its ID; the prefixes mark the devices as Skep's so reconcile only touches those.
 */
public final class NetworkNames {
    public static final int SHORT_ID = 10;
    public static final String BRIDGE_PREFIX = "skb-";
    public static final String VXLAN_PREFIX = "vx-";

    private NetworkNames() {}

    public static String bridge(String networkId) {
        return BRIDGE_PREFIX + shortId(networkId);
    }

    public static String vxlan(String networkId) {
        return VXLAN_PREFIX + shortId(networkId);
    }

    /** The Docker network that stands for the overlay on this node's dockerd. */
    public static String dockerNetwork(String networkId) {
        return "skep-" + shortId(networkId);
    }

    public static String shortId(String networkId) {
        return networkId.length() <= SHORT_ID ? networkId : networkId.substring(0, SHORT_ID);
    }
}
