package dev.skep.daemon;

import dev.skep.agent.network.DataPlane;
import dev.skep.api.model.Resources;
import dev.skep.api.net.Address;
import dev.skep.api.net.AddressResolver;
import dev.skep.api.resources.GenericResources;
import dev.skep.api.units.Units;
import dev.skep.daemon.http.ApiAccess;
import dev.skep.daemon.http.ConnectionLimits;
import dev.skep.daemon.http.TlsSetup;
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

    @Option(
            names = "--api-addr",
            description = "Also serve the client API on this TCP HOST:PORT; needs --tlsverify (or --tls, or "
                    + "--insecure-api)")
    String apiAddr;

    @Option(names = "--tls", description = "Use TLS on --api-addr; implied by --tlsverify")
    boolean tls;

    @Option(
            names = "--tlsverify",
            description = "Use TLS on --api-addr and require client certificates signed by --tlscacert")
    boolean tlsVerify;

    @Option(
            names = "--tlscacert",
            description = "Trust client certificates signed only by this CA (default: "
                    + "$DOCKER_CERT_PATH/ca.pem or ~/.docker/ca.pem)")
    Path tlsCaCert;

    @Option(
            names = "--tlscert",
            description =
                    "Path to the TLS certificate file (default: $DOCKER_CERT_PATH/cert.pem " + "or ~/.docker/cert.pem)")
    Path tlsCert;

    @Option(
            names = "--tlskey",
            description = "Path to the TLS key file (default: $DOCKER_CERT_PATH/key.pem " + "or ~/.docker/key.pem)")
    Path tlsKey;

    @Option(
            names = "--insecure-api",
            description = "Allow --api-addr without TLS: anyone who reaches the port has root on every node")
    boolean insecureApi;

    @Option(
            names = {"-G", "--group"},
            description = "Group for the unix socket, mode 0660 (default: docker, if it exists)")
    String group;

    @Option(
            names = "--max-request-body",
            description = "Largest request body the API accepts, e.g. 10MiB (default: ${DEFAULT-VALUE})")
    String maxRequestBody = "10MiB";

    @Option(
            names = "--max-connections",
            description = "Open client API connections allowed per listener (default: ${DEFAULT-VALUE})")
    int maxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;

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
        ApiAccess access = apiAccess();
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
                generic(),
                access);
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

    /** The client API's access rules from the flags; TLS files are loaded once here so that a bad one stops us. */
    private ApiAccess apiAccess() {
        try {
            long maxBody = Units.ramInBytes(maxRequestBody);
            if (maxBody <= 0 || maxBody > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--max-request-body must be between 1 byte and 2GiB");
            }
            ConnectionLimits defaults = ConnectionLimits.defaults();
            ConnectionLimits limits = new ConnectionLimits(
                    (int) maxBody, maxConnections, defaults.headerTimeout(), defaults.idleTimeout());
            TlsSetup tlsSetup = null;
            if (tls || tlsVerify) {
                tlsSetup = new TlsSetup(
                        certFile(tlsCaCert, "ca.pem"),
                        certFile(tlsCert, "cert.pem"),
                        certFile(tlsKey, "key.pem"),
                        tlsVerify);
                tlsSetup.context();
            }
            ApiAccess access = new ApiAccess(
                    tlsSetup, insecureApi, group == null ? ApiAccess.DEFAULT_GROUP : group, group != null, limits);
            if (apiAddr != null) access.checkTcp(apiAddr);
            return access;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    /** dockerd's default TLS files: in $DOCKER_CERT_PATH, else ~/.docker. */
    private static Path certFile(Path given, String name) {
        if (given != null) return given;
        String dir = System.getenv("DOCKER_CERT_PATH");
        Path base = dir == null || dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".docker") : Path.of(dir);
        return base.resolve(name);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DaemonMain()).execute(args));
    }
}
