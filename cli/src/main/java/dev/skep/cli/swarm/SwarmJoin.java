package dev.skep.cli.swarm;

import dev.skep.cli.SkepCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep swarm join --token TOKEN HOST:PORT}: {@code POST /swarm/join}. */
@Command(name = "join", mixinStandardHelpOptions = true, description = "Join a swarm as a node and/or manager")
public class SwarmJoin extends SkepCommand {
    @Option(names = "--token", required = true, description = "Token for entry into the swarm")
    String token;

    @Option(names = "--listen-addr", defaultValue = "0.0.0.0:2377", description = "Listen address")
    String listenAddr;

    @Option(names = "--advertise-addr", description = "Advertised address")
    String advertiseAddr;

    @Option(names = "--data-path-addr", description = "Address or interface to use for data path traffic")
    String dataPathAddr;

    @Option(names = "--availability", description = "Availability of the node (\"active\", \"pause\", \"drain\")")
    String availability;

    @Parameters(index = "0", paramLabel = "HOST:PORT")
    String remote;

    @Override
    protected void execute() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("ListenAddr", SwarmInit.withPort(listenAddr));
        if (advertiseAddr != null) request.put("AdvertiseAddr", advertiseAddr);
        if (dataPathAddr != null) request.put("DataPathAddr", dataPathAddr);
        request.put("RemoteAddrs", List.of(remote));
        request.put("JoinToken", token);
        if (availability != null) request.put("Availability", availability);
        api().joinSwarm(request);
        boolean manager = api().info().path("Swarm").path("ControlAvailable").asBoolean(false);
        out().println(manager ? "This node joined a swarm as a manager." : "This node joined a swarm as a worker.");
    }
}
