package dev.skep.daemon;

import dev.skep.agent.network.DataPlane;
import dev.skep.api.model.Resources;
import dev.skep.api.net.Address;
import dev.skep.api.net.AddressResolver;
import dev.skep.api.resources.GenericResources;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skep daemon}: runs skepd in the foreground until interrupted. */
@Command(
        name = "daemon",
        mixinStandardHelpOptions = true,
        description = "Run skepd, the Skep node daemon, in the foreground.")
public final class DaemonMain implements Callable<Integer> {
    @Option(names = "--data-dir", description = "State directory (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of("/var/lib/skep");

    @Option(names = "--socket", description = "Client API unix socket (default: ${DEFAULT-VALUE})")
    Path socket = Path.of("/var/run/skep.sock");

    @Option(names = "--api-addr", description = "Also serve the client API on this TCP HOST:PORT")
    String apiAddr;

    @Option(
            names = "--listen-addr",
            description = "Default cluster listen address for swarm init/join, "
                    + "<ip|interface>[:port]; Raft uses the next port (default: ${DEFAULT-VALUE})")
    String listenAddr = "0.0.0.0:2377";

    @Option(
            names = "--advertise-addr",
            description = "Default address other nodes reach this one at, " + "<ip|interface>[:port]")
    String advertiseAddr;

    @Option(
            names = "--data-path-addr",
            description = "Default address or interface for overlay (VXLAN) traffic, " + "<ip|interface>")
    String dataPathAddr;

    @Option(names = "--docker-host", description = "Docker Engine to run containers on (default: ${DEFAULT-VALUE})")
    String dockerHost = "unix:///var/run/docker.sock";

    @Option(names = "--node-name", description = "Node name shown by node ls (default: the host name)")
    String nodeName;

    @Option(names = "--executor", description = "docker or sim (no containers) (default: ${DEFAULT-VALUE})")
    String executor = "docker";

    @Option(
            names = "--data-plane",
            description = "kernel (bridges, VXLAN, DNS and nftables on the node; needs root) "
                    + "or shared-host (nodes sharing one host's dockerd without root: Docker bridge networks, Docker's DNS, "
                    + "published ports by a userspace proxy) (default: ${DEFAULT-VALUE})")
    String dataPlane = "kernel";

    @Option(
            names = "--node-generic-resource",
            paramLabel = "KIND=VALUE",
            description = "A generic resource this node offers to tasks, as dockerd's node-generic-resources: "
                    + "gpu=GPU-UUID (one named unit; repeat for each) or ssd=4 (a count); repeatable")
    List<String> genericResources = new ArrayList<>();

    @Option(names = "--log-level", description = "trace, debug, info, warn or error (default: $SKEP_LOG_LEVEL or info)")
    String logLevel;

    @Option(
            names = "--log-format",
            description = "text (ISO-8601 time, level, node, thread, logger, message) or json "
                    + "(one object a line) (default: ${DEFAULT-VALUE})")
    String logFormat = "text";

    @Override
    public Integer call() throws Exception {
        if (!executor.equals("docker") && !executor.equals("sim")) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--executor must be docker or sim, not " + executor);
        }
        DataPlane plane;
        try {
            plane = DataPlane.parse(dataPlane);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        checkAddresses();
        String name = nodeName != null ? nodeName : InetAddress.getLocalHost().getHostName();
        try {
            LogSetup.apply(name, logLevel, logFormat);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        DaemonConfig config = new DaemonConfig(
                dataDir.toAbsolutePath(),
                socket.toAbsolutePath(),
                apiAddr,
                listenAddr,
                advertiseAddr,
                dataPathAddr,
                dockerHost,
                name,
                executor,
                plane,
                generic());
        Daemon daemon = Daemon.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            daemon.close();
                            stopped.countDown();
                        },
                        "skepd-shutdown"));
        stopped.await();
        return 0;
    }

    private List<Resources.GenericResource> generic() {
        try {
            return GenericResources.parse(genericResources);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    /** Refuses address flags that no swarm init could use, with Docker's message, before anything starts. */
    private void checkAddresses() {
        AddressResolver resolver = AddressResolver.system();
        try {
            Address listen = resolver.listen(listenAddr);
            if (advertiseAddr != null) resolver.advertise(advertiseAddr, listen.port());
            resolver.dataPath(dataPathAddr);
            if (apiAddr != null) Address.parse(apiAddr);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DaemonMain()).execute(args));
    }
}
