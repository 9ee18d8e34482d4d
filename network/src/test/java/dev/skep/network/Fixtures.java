package dev.skep.network;

import java.util.List;

/** Small desired states shared by the unit tests. */
public final class Fixtures {
    public static final String NODE_A = "10.231.0.11";
    public static final String NODE_B = "10.231.0.12";
    public static final String NET = "n1a2b3c4d5e6f7";

    private Fixtures() {}

    public static OverlayNetwork network(String lbAddress, Endpoint... endpoints) {
        return new OverlayNetwork(NET, "backend", 4097, "10.0.9.0/24", "10.0.9.1", lbAddress, List.of(endpoints));
    }

    public static NodeNetworks onNodeA(
            OverlayNetwork network, List<ServiceEndpoint> services, List<PublishedPort> ports) {
        return new NodeNetworks(NODE_A, List.of(network), services, ports);
    }
}
