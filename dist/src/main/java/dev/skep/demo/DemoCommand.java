package dev.skep.demo;

import dev.skep.cli.SkepCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skep demo}: the main job until the DockerCoins lesson lands. Starts a local skepd if none
 * answers, makes it a one-node swarm, deploys a small service and says what to try next.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local skepd (if none runs), deploy a demo service and show what to try next.")
public final class DemoCommand implements Callable<Integer> {
    static final String SERVICE = "demo";

    @Option(names = "--socket", description = "skepd's API socket (default: ${DEFAULT-VALUE})")
    Path socket = Path.of("/var/run/skep.sock");

    @Option(names = "--data-dir", description = "Data dir of the skepd the demo starts (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of("/var/lib/skep");

    @Option(names = "--down", description = "Remove the demo service, leave the swarm and stop the skepd the demo started")
    boolean down;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        return down ? down() : up();
    }

    private String host() {
        return "unix://" + socket.toAbsolutePath();
    }

    private int up() throws Exception {
        prepareDocker();
        if (!answers(socket)) startDaemon();
        if (cli(true, "node", "ls", "-q") != 0) {
            step("Making this node a one-node swarm (skep swarm init)");
            if (cli(false, "swarm", "init", "--advertise-addr", "127.0.0.1") != 0) return 1;
        }
        if (cli(true, "service", "inspect", SERVICE) != 0) {
            step("Deploying the service \"" + SERVICE + "\": 3 replicas of skep-busybox printing a line every 2 s");
            int rc = cli(false, "service", "create", "--name", SERVICE, "--replicas", "3",
                    "--restart-delay", "1s", "skep-busybox:latest", "sh", "-c",
                    "i=0; while true; do i=$((i+1)); echo \"hello from $(hostname), tick $i\"; sleep 2; done");
            if (rc != 0) return rc;
        }
        step("The service and its tasks");
        cli(false, "service", "ls");
        cli(false, "service", "ps", SERVICE);
        printNextSteps();
        return 0;
    }

    private void printNextSteps() {
        out.println();
        out.println("Skep is running. Its API speaks Docker's: point the docker CLI at it with");
        out.println();
        out.println("    export DOCKER_HOST=" + host() + "     # or SKEP_HOST for ./skep");
        out.println();
        out.println("Then try:");
        out.println("    docker service scale demo=6                      # more tasks, progress per slot");
        out.println("    docker service logs --tail 5 demo                 # what the tasks print");
        out.println("    docker kill $(docker -H unix:///var/run/docker.sock ps -q -f label=com.docker.swarm.service.name=demo | head -1)"
                + "   # (against dockerd) the slot gets a replacement");
        out.println("    docker service update --image skep-busybox:v2 demo   # rolling update");
        out.println("    docker service rollback demo");
        out.println("    docker service ps demo");
        out.println();
        out.println("Remove everything with: ./skep demo --down");
    }

    private int down() throws Exception {
        if (answers(socket)) {
            if (cli(true, "service", "inspect", SERVICE) == 0) cli(false, "service", "rm", SERVICE);
            cli(true, "swarm", "leave", "--force");
        }
        Path pidFile = dataDir.resolve("skepd.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> {
                    p.destroyForcibly();
                    return p;
                }).join();
            });
            Files.deleteIfExists(pidFile);
            out.println("Stopped skepd (pid " + pid + ").");
        }
        out.println("Demo removed.");
        return 0;
    }

    /** Installs/starts dockerd and builds the offline images through the project's scripts. */
    private void prepareDocker() throws IOException, InterruptedException {
        String root = System.getenv("SKEP_ROOT");
        if (root == null) return;
        run(List.of("bash", root + "/scripts/ensure-docker.sh"));
        run(List.of("bash", root + "/scripts/build-test-images.sh"));
    }

    private void startDaemon() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("skepd.log");
        step("Starting skepd (data " + dataDir + ", API " + host() + ", log " + log + ")");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.skep.daemon.DaemonMain", "--data-dir", dataDir.toString(), "--socket", socket.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Files.writeString(dataDir.resolve("skepd.pid"), Long.toString(p.pid()));
        for (int i = 0; i < 120 && !answers(socket); i++) {
            if (!p.isAlive()) throw new IllegalStateException("skepd exited; see " + log);
            Thread.sleep(250);
        }
        if (!answers(socket)) throw new IllegalStateException("skepd did not start listening; see " + log);
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) return false;
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return ch.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private int cli(boolean quiet, String... args) {
        List<String> all = new ArrayList<>(List.of("-H", host()));
        all.addAll(List.of(args));
        if (!quiet) return SkepCli.run(all.toArray(String[]::new), out, System.err);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return SkepCli.run(all.toArray(String[]::new), sink, sink);
    }

    private void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }

    private void step(String what) {
        out.println("==> " + what);
    }
}
