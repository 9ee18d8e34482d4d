package dev.skep.agent.network;

import dev.skep.api.dispatcher.NetworkView;
import dev.skep.network.Endpoint;
import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.Protocol;
import dev.skep.network.PublishedPort;
import dev.skep.network.ServiceEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Turns the dispatcher's {@link NetworkView} into the data plane's {@link NodeNetworks}. */
final class ViewConversion {
    private ViewConversion() {}

    /**
     * @param lingering networks the view no longer names whose Docker network is still being removed: their
     *                  bridges stay until dockerd lets go of them
     */
    static NodeNetworks toNodeNetworks(NetworkView view, Collection<OverlayNetwork> lingering) {
        List<OverlayNetwork> networks = new ArrayList<>();
        for (NetworkView.Overlay o : view.networks()) networks.add(overlay(o));
        for (OverlayNetwork n : lingering) {
            if (networks.stream().noneMatch(x -> x.id().equals(n.id()))) networks.add(n);
        }
        List<ServiceEndpoint> services =
                view.services().stream().map(ViewConversion::service).toList();
        List<PublishedPort> ports = view.publishedPorts().stream()
                .filter(p -> protocol(p.protocol()) != null)
                .map(ViewConversion::published)
                .toList();
        int port = view.dataPathPort() == null ? NodeNetworks.DEFAULT_DATA_PATH_PORT : view.dataPathPort();
        return new NodeNetworks(view.underlayAddress(), networks, services, ports, port);
    }

    /** The same without services: on a shared host no VIP is local to listen on, only published ports are. */
    static NodeNetworks withoutVips(NodeNetworks n) {
        return new NodeNetworks(n.underlayAddress(), n.networks(), List.of(), n.publishedPorts(), n.dataPathPort());
    }

    static OverlayNetwork overlay(NetworkView.Overlay o) {
        List<Endpoint> endpoints = o.endpoints().stream()
                .map(e -> new Endpoint(e.taskId(), null, e.ip(), null, e.nodeAddress()))
                .toList();
        return new OverlayNetwork(o.id(), o.name(), o.vni(), o.subnet(), o.gateway(), o.lbAddress(), endpoints);
    }

    private static ServiceEndpoint service(NetworkView.ServiceEntry s) {
        List<ServiceEndpoint.Port> ports = s.ports().stream()
                .filter(p -> protocol(p.protocol()) != null)
                .map(p -> new ServiceEndpoint.Port(protocol(p.protocol()), p.port()))
                .toList();
        return new ServiceEndpoint(s.name(), s.aliases(), s.vip(), s.networkId(), s.backends(), ports);
    }

    private static PublishedPort published(NetworkView.Published p) {
        PublishedPort.PublishMode mode =
                "host".equals(p.mode()) ? PublishedPort.PublishMode.HOST : PublishedPort.PublishMode.INGRESS;
        return new PublishedPort(
                protocol(p.protocol()),
                p.publishedPort(),
                p.targetPort(),
                mode,
                p.networkId(),
                p.backends().stream()
                        .map(b -> new PublishedPort.Backend(b.ip(), b.nodeAddress()))
                        .toList());
    }

    /** tcp or udp; null for what the data plane does not carry (sctp). */
    static Protocol protocol(String name) {
        String n = name == null ? "tcp" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            default -> null;
        };
    }
}
