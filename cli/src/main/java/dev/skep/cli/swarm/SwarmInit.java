package dev.skep.cli.swarm;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.net.Address;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skep swarm init}: {@code POST /swarm/init}, then prints how to join, as docker does. */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Initialize a swarm")
public class SwarmInit extends SkepCommand {
    @Option(names = "--advertise-addr", description = "Advertised address (format: \"<ip|interface>[:port]\")")
    String advertiseAddr;

    @Option(
            names = "--listen-addr",
            defaultValue = "0.0.0.0:2377",
            description = "Listen address (format: \"<ip|interface>[:port]\")")
    String listenAddr;

    @Option(names = "--data-path-addr", description = "Address or interface to use for data path traffic")
    String dataPathAddr;

    @Option(names = "--data-path-port", description = "Port number to use for data path traffic (default 4789)")
    Long dataPathPort;

    @Option(names = "--availability", description = "Availability of the node (\"active\", \"pause\", \"drain\")")
    String availability;

    @Option(names = "--default-addr-pool", split = ",", description = "default address pool in CIDR format")
    List<String> defaultAddrPool = new ArrayList<>();

    @Option(
            names = "--default-addr-pool-mask-length",
            defaultValue = "24",
            description = "default address pool subnet mask length")
    long subnetSize;

    @Option(names = "--force-new-cluster", description = "Force create a new cluster from current state")
    boolean forceNewCluster;

    @Mixin
    SwarmSpecFlags specFlags = new SwarmSpecFlags();

    @Override
    protected void execute() {
        if (availability != null && !List.of("active", "pause", "drain").contains(availability.toLowerCase())) {
            throw new CliException(
                    "invalid availability \"" + availability + "\", only active, pause and drain are supported");
        }
        Cluster.Spec spec = specFlags.applyTo(null);
        SwarmInitRequest request = new SwarmInitRequest(
                withPort(listenAddr),
                advertiseAddr,
                dataPathAddr,
                dataPathPort,
                defaultAddrPool.isEmpty() ? null : defaultAddrPool,
                forceNewCluster,
                subnetSize,
                spec,
                Boolean.TRUE.equals(specFlags.autolock),
                availability == null ? null : availability.toLowerCase());
        String nodeId;
        try {
            nodeId = api().initSwarm(request);
        } catch (ApiException e) {
            if (e.getMessage().contains("could not choose an IP address to advertise")
                    || e.getMessage().contains("could not find the system's IP address")) {
                throw new ApiException(e.status(), e.getMessage() + " - specify one with --advertise-addr");
            }
            throw e;
        }
        out().print("Swarm initialized: current node (" + nodeId + ") is now a manager.\n\n");
        JoinCommands.print(api(), out(), nodeId, true, false);
        out().println(
                        "To add a manager to this swarm, run 'skep swarm join-token manager' and follow the instructions.");
        out().println();
    }

    /** "10.0.0.1" listens on the default cluster port 2377, as docker's NodeAddrOption does. */
    static String withPort(String addr) {
        if (addr == null || addr.isEmpty()) return "0.0.0.0:" + Address.CLUSTER_PORT;
        try {
            return Address.parse(addr, Address.CLUSTER_PORT).toString();
        } catch (IllegalArgumentException e) {
            return addr; // the daemon answers with Docker's message
        }
    }
}
