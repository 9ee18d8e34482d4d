package dev.skep.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One skepd running as its own JVM (the test JVM's class path, {@code dev.skep.daemon.DaemonMain}) with a
 * temporary data dir and socket, driving the host's dockerd. {@link #close()} kills it, removes every
 * container it created and deletes the temporary directory; its log is kept under {@code target/skepd-logs}.
 */
public final class SkepProcess implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Path workDir;
    private final Path dataDir;
    private final Path socket;
    private final Path logFile;
    private final String nodeName;
    private final int listenPort;
    private final DockerCli docker;
    private final String executor;
    private final List<String> extraArgs = new ArrayList<>();
    private final Map<String, String> environment;
    private final String dockerHost;
    private Process process;
    private String nodeId;
    private int starts;

    private SkepProcess(Path workDir, String nodeName, int listenPort) {
        this(workDir, nodeName, listenPort, "docker");
    }

    private SkepProcess(Path workDir, String nodeName, int listenPort, String executor) {
        this(workDir, nodeName, listenPort, executor, Map.of(), DockerCli.HOST_DOCKERD);
    }

    private SkepProcess(
            Path workDir,
            String nodeName,
            int listenPort,
            String executor,
            Map<String, String> environment,
            String dockerHost) {
        this.environment = Map.copyOf(environment);
        this.executor = executor;
        this.dockerHost = dockerHost;
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.socket = workDir.resolve("skepd.sock");
        this.logFile = workDir.resolve("skepd.log");
        this.nodeName = nodeName;
        this.listenPort = listenPort;
        this.docker = new DockerCli("unix://" + socket);
    }

    /** Starts a fresh skepd and waits until it answers {@code /_ping}. */
    public static SkepProcess start() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try {
            // Short path: unix socket paths are limited to 108 bytes.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "skep-it-");
            SkepProcess skepd = new SkepProcess(dir, "skep-it-" + suffix, freePortPair());
            skepd.launch();
            return skepd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a fresh skepd named {@code nodeName} with the given executor ({@code docker} or {@code sim}) on its
     * own free port pair, data dir and socket: several of them on one machine form a multi-node swarm.
     */
    public static SkepProcess start(String nodeName, String executor) {
        return start(nodeName, executor, Map.of());
    }

    /** {@link #start(String, String)} with extra environment variables for skepd (e.g. test-only settings). */
    public static SkepProcess start(String nodeName, String executor, Map<String, String> environment) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "skep-it-");
            SkepProcess skepd =
                    new SkepProcess(dir, nodeName, freePortPair(), executor, environment, DockerCli.HOST_DOCKERD);
            skepd.launch();
            return skepd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a fresh skepd as {@link #start()} does, with more {@code skep daemon} options. */
    public static SkepProcess startWith(String... daemonArgs) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "skep-it-");
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            SkepProcess skepd = new SkepProcess(dir, "skep-it-" + suffix, freePortPair());
            skepd.extraArgs.addAll(List.of(daemonArgs));
            skepd.launch();
            return skepd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #start(String, String)}, with more {@code skep daemon} flags (e.g. the TCP API's). */
    public static SkepProcess start(String nodeName, String executor, List<String> daemonArgs) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "skep-it-");
            SkepProcess skepd = new SkepProcess(dir, nodeName, freePortPair(), executor);
            skepd.extraArgs.addAll(daemonArgs);
            try {
                skepd.launch();
            } catch (RuntimeException e) {
                skepd.close();
                throw e;
            }
            return skepd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #start(String, String)}, with {@code --docker-host} pointing at the given engine. */
    public static SkepProcess start(String nodeName, String executor, String dockerHost) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "skep-it-");
            SkepProcess skepd = new SkepProcess(dir, nodeName, freePortPair(), executor, Map.of(), dockerHost);
            skepd.launch();
            return skepd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster address other nodes join through ({@code 127.0.0.1:PORT}; Raft listens on PORT+1). */
    public String clusterAddr() {
        return "127.0.0.1:" + listenPort;
    }

    /** skepd's data directory ({@code --data-dir}): its certificates, node state and Raft log. */
    public Path dataDir() {
        return dataDir;
    }

    /** skepd's log file (appended to across restarts). */
    public Path logFile() {
        return logFile;
    }

    /** The OS process id of the running skepd, or -1 when it is not running. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public DockerCli docker() {
        return docker;
    }

    public Path socket() {
        return socket;
    }

    public String nodeName() {
        return nodeName;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Runs the {@code skep} CLI in this JVM against this skepd ({@code -H unix://SOCK ARGS...}). */
    public CommandResult skep(String... args) {
        List<String> command = new ArrayList<>(List.of("-H", "unix://" + socket));
        command.addAll(List.of(args));
        return SkepCliRunner.run(command, Duration.ofSeconds(120));
    }

    /** This node's swarm ID; only meaningful after {@code docker swarm init}. Cached for clean-up. */
    public String nodeId() {
        if (nodeId == null || nodeId.isEmpty()) {
            String id =
                    docker.ok("info", "--format", "{{.Swarm.NodeID}}").stdout().strip();
            nodeId = id.isEmpty() ? null : id;
        }
        return nodeId;
    }

    /** Kills skepd the hard way (SIGKILL), as a crash would; its containers keep running. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("skepd pid " + process.pid() + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    /** Starts skepd again on the same data dir, socket and ports. */
    public void restart() {
        kill();
        launch();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                daemonClassPath(),
                "dev.skep.daemon.DaemonMain",
                "--data-dir",
                dataDir.toString(),
                "--socket",
                socket.toString(),
                "--listen-addr",
                "127.0.0.1:" + listenPort,
                "--advertise-addr",
                "127.0.0.1",
                "--docker-host",
                dockerHost,
                "--node-name",
                nodeName,
                "--executor",
                executor));
        command.addAll(extraArgs);
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("DOCKER_"));
            builder.environment().putAll(environment);
            String args =
                    String.join(" ", command.subList(command.indexOf("dev.skep.daemon.DaemonMain"), command.size()));
            Files.writeString(
                    logFile,
                    "=== start " + (++starts) + " at " + Instant.now() + ": " + args + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPing();
    }

    private void awaitPing() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("skepd exited with " + process.exitValue() + "\n" + logTail());
            }
            if (pingAnswers()) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("skepd did not answer /_ping within " + STARTUP_TIMEOUT + "\n" + logTail());
    }

    private boolean pingAnswers() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(
                    ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: skep\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            StringBuilder response = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                response.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
                if (response.indexOf("\r\n\r\n") >= 0 && response.toString().endsWith("OK")) {
                    break;
                }
            }
            return response.toString().startsWith("HTTP/1.")
                    && response.toString().contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of skepd's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "--- skepd log (" + logFile + ") ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no skepd log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            try {
                nodeId();
            } catch (AssertionError e) {
                // not part of a swarm: it made no containers
            }
        }
        kill();
        removeContainers();
        unmountSecrets();
        keepLog();
        deleteRecursively(workDir);
    }

    /** skepd mounts a tmpfs for its tasks' secrets (as root); a killed skepd leaves it mounted. */
    private void unmountSecrets() {
        Path secrets = dataDir.resolve("secrets");
        if (!Files.isDirectory(secrets)) return;
        try {
            new ProcessBuilder("umount", "-l", secrets.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            // not mounted, or not root: nothing to undo
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeContainers() {
        if (nodeId == null) {
            return;
        }
        DockerCli host = DockerCli.hostDockerd();
        List<String> ids = host.run("ps", "-aq", "--filter", "label=com.docker.swarm.node.id=" + nodeId)
                .lines();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(ids);
            host.run(args.toArray(String[]::new));
        }
    }

    private void keepLog() {
        try {
            Path dir = Path.of("target", "skepd-logs");
            Files.createDirectories(dir);
            if (Files.exists(logFile)) {
                Files.copy(logFile, dir.resolve(nodeName + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // the log is a debugging aid only
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a left-over directory in /tmp is harmless
        }
    }

    /** The test JVM's class path, or {@code -Dskep.it.daemon.classpath} (e.g. {@code dist/target/lib/*}). */
    private static String daemonClassPath() {
        return System.getProperty("skep.it.daemon.classpath", System.getProperty("java.class.path"));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** skepd uses the listen port for the cluster API and the next one for Raft: both must be free. */
    static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket first = new ServerSocket(0)) {
                port = first.getLocalPort();
            }
            if (port < 65535 && isFree(port) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IOException("no two adjacent free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Closes each (kills it, removes its containers and files); one that fails does not keep the others. */
    public static void closeAll(java.util.Collection<SkepProcess> processes) {
        for (SkepProcess p : processes) {
            try {
                p.close();
            } catch (RuntimeException | AssertionError e) {
                System.err.println("closing " + p.nodeName() + ": " + e);
            }
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
