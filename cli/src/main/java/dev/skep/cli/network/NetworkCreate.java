package dev.skep.cli.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.model.Ipam;
import dev.skep.api.model.NetworkCreateRequest;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep network create [-d overlay] [--attachable] [--subnet …] NAME}: prints the new network's ID. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a network")
public class NetworkCreate extends SkepCommand {
    @Option(
            names = {"-d", "--driver"},
            description = "Driver to manage the Network (default overlay)")
    String driver = "overlay";

    @Option(names = "--attachable", description = "Enable manual container attachment")
    boolean attachable;

    @Option(names = "--internal", description = "Restrict external access to the network")
    boolean internal;

    @Option(names = "--ingress", description = "Create swarm routing-mesh network")
    boolean ingress;

    @Option(names = "--scope", description = "Control the network's scope")
    String scope;

    @Option(names = "--subnet", description = "Subnet in CIDR format that represents a network segment")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--gateway", description = "IPv4 Gateway for the master subnet")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--ip-range", description = "Allocate container ip from a sub-range")
    List<String> ranges = new ArrayList<>();

    @Option(names = "--ipam-driver", description = "IP Address Management Driver")
    String ipamDriver = "default";

    @Option(names = "--label", description = "Set metadata on a network")
    List<String> labels = new ArrayList<>();

    @Option(
            names = {"-o", "--opt"},
            description = "Set driver specific options")
    List<String> options = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NETWORK")
    String name;

    @Override
    protected void execute() {
        NetworkCreateRequest request = new NetworkCreateRequest(
                name,
                null,
                driver,
                scope,
                null,
                ipam(),
                internal,
                attachable,
                ingress,
                null,
                null,
                map(options),
                map(labels));
        JsonNode created = api().client().post("/networks/create", null, request);
        out().println(created.path("Id").asText());
    }

    /** docker pairs the n-th gateway and range with the n-th subnet. */
    private Ipam ipam() {
        if (gateways.size() > subnets.size() || ranges.size() > subnets.size()) {
            throw new CliException("every --gateway and --ip-range needs a --subnet");
        }
        List<Ipam.Config> configs = new ArrayList<>();
        for (int i = 0; i < subnets.size(); i++) {
            configs.add(new Ipam.Config(
                    subnets.get(i),
                    i < ranges.size() ? ranges.get(i) : null,
                    i < gateways.size() ? gateways.get(i) : null,
                    null));
        }
        return new Ipam(ipamDriver, Map.of(), configs);
    }

    private static Map<String, String> map(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            out.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
        }
        return out;
    }
}
