package dev.skep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code swarm init}/{@code swarm join} with the addresses Swarm's users type (interface names, custom ports) against
 * real skepd processes on loopback, and the ways they can go wrong: each failure answers the CLI with Docker's
 * message, the daemon keeps running and stays "inactive", and the corrected command then works. The nodes listen
 * on ports the test picks, not on the ones skepd was started with, so the request's ListenAddr is what counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmAddressesEndToEndTest {
    private static final String DATA_PATH_LABEL = "{{index .Description.Engine.Labels \"skep.data-path-addr\"}}";
    private SkepProcess manager;
    private SkepProcess joiner;
    private int clusterPort;

    @RegisterExtension
    final SkepLogOnFailure managerLog = SkepLogOnFailure.forDaemon(() -> manager);

    @RegisterExtension
    final SkepLogOnFailure joinerLog = SkepLogOnFailure.forDaemon(() -> joiner);

    @BeforeAll
    void start() throws IOException {
        manager = SkepProcess.start("addr-m1", "sim");
        joiner = SkepProcess.start("addr-m2", "sim");
        clusterPort = SkepProcess.freePortPair();
    }

    @AfterAll
    void stop() {
        SkepProcess.closeAll(List.of(manager, joiner));
    }

    @Test
    @Order(1)
    void anUnknownInterfaceIsRefusedWithDockersMessage() {
        assertInitFails(
                "listen address must be an IP address or network interface (with optional port number)",
                "--listen-addr",
                "eth9:" + clusterPort,
                "--advertise-addr",
                "lo");
        assertInitFails(
                "advertise address must be a non-zero IP address or network interface (with optional port " + "number)",
                "--listen-addr",
                "lo:" + clusterPort,
                "--advertise-addr",
                "eth9:" + clusterPort);
        assertInitFails(
                "data path address must be a non-zero IP address or network interface (without a port number)",
                "--listen-addr",
                "lo:" + clusterPort,
                "--advertise-addr",
                "lo",
                "--data-path-addr",
                "lo:4789");
        assertInitFails(
                "Datapath port number is not in valid range (1024-49151) : 80",
                "--listen-addr",
                "lo:" + clusterPort,
                "--advertise-addr",
                "lo",
                "--data-path-port",
                "80");
    }

    @Test
    @Order(2)
    void aClusterPortInUseIsRefusedAndNothingStarts() throws IOException {
        try (ServerSocket taken = bindLoopback(clusterPort)) {
            assertInitFails(
                    "failed to listen on remote API address: listen tcp 127.0.0.1:" + clusterPort
                            + ": bind: address already in use",
                    "--listen-addr",
                    "lo:" + clusterPort,
                    "--advertise-addr",
                    "lo");
        }
    }

    @Test
    @Order(3)
    void theRaftPortInUseIsRefusedToo() throws IOException {
        try (ServerSocket taken = bindLoopback(clusterPort + 1)) {
            assertInitFails(
                    "failed to listen on Raft address: listen tcp 127.0.0.1:" + (clusterPort + 1)
                            + ": bind: address already in use",
                    "--listen-addr",
                    "127.0.0.1:" + clusterPort,
                    "--advertise-addr",
                    "127.0.0.1");
        }
    }

    @Test
    @Order(4)
    void anAddressNotOnThisHostIsRefused() {
        // TEST-NET-3: never assigned to a host, so the bind fails; no packet is sent
        assertInitFails(
                "failed to listen on remote API address: listen tcp 203.0.113.7:" + clusterPort
                        + ": bind: cannot assign requested address",
                "--listen-addr",
                "203.0.113.7:" + clusterPort,
                "--advertise-addr",
                "203.0.113.7");
    }

    @Test
    @Order(5)
    void theCorrectedCommandThenWorksOnTheCustomPortsByInterfaceName() throws IOException {
        manager.docker().ok("swarm", "init", "--listen-addr", "lo:" + clusterPort, "--advertise-addr", "lo");
        assertThat(info(manager, "{{.Swarm.LocalNodeState}}")).isEqualTo("active");
        assertThat(info(manager, "{{.Swarm.NodeAddr}}")).isEqualTo("127.0.0.1");
        assertThat(info(manager, "{{range .Swarm.RemoteManagers}}{{.Addr}}{{end}}"))
                .isEqualTo("127.0.0.1:" + clusterPort);
        assertThat(info(manager, "{{json .Labels}}"))
                .contains("skep.listen-addr=127.0.0.1:" + clusterPort)
                .contains("skep.raft-addr=127.0.0.1:" + (clusterPort + 1));
        assertListening(clusterPort);
        assertListening(clusterPort + 1);
    }

    @Test
    @Order(6)
    void aManagerJoinsThroughTheCustomPortAndListensOnItsOwnWithItsDataPathAddress() throws IOException {
        String token = manager.docker()
                .ok("swarm", "join-token", "-q", "manager")
                .stdout()
                .strip();
        CommandResult refused = joiner.docker()
                .run("swarm", "join", "--token", token, "--advertise-addr", "eth9", "127.0.0.1:" + clusterPort);
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.stderr()).contains("advertise address must be a non-zero IP address or network interface");
        assertThat(joiner.isAlive()).isTrue();
        assertThat(info(joiner, "{{.Swarm.LocalNodeState}}")).isEqualTo("inactive");
        int joinerPort = SkepProcess.freePortPair();
        joiner.docker()
                .ok(
                        "swarm",
                        "join",
                        "--token",
                        token,
                        "--listen-addr",
                        "127.0.0.1:" + joinerPort,
                        "--advertise-addr",
                        "127.0.0.1",
                        "--data-path-addr",
                        "lo",
                        "127.0.0.1:" + clusterPort);
        assertThat(info(joiner, "{{json .Labels}}")).contains("skep.raft-addr=127.0.0.1:" + (joinerPort + 1));
        assertListening(joinerPort + 1);
        // the leader reports a new member's reachability once it has heard from it over Raft
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(manager.docker()
                                .ok("node", "ls", "--format", "{{.Hostname}} {{.ManagerStatus}}")
                                .stdout())
                        .contains("addr-m1 Leader")
                        .contains("addr-m2 Reachable"));
        assertThat(manager.docker()
                        .ok("node", "inspect", "addr-m2", "--format", "{{.ManagerStatus.Addr}}")
                        .stdout()
                        .strip())
                .isEqualTo("127.0.0.1:" + joinerPort);
        // the label comes with the joined node's first agent session
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(manager.docker()
                                .ok("node", "inspect", "addr-m2", "--format", DATA_PATH_LABEL)
                                .stdout()
                                .strip())
                        .as("the data path address, resolved from the interface name")
                        .isEqualTo("127.0.0.1"));
    }

    private void assertInitFails(String message, String... flags) {
        String[] args = new String[flags.length + 2];
        args[0] = "swarm";
        args[1] = "init";
        System.arraycopy(flags, 0, args, 2, flags.length);
        CommandResult r = manager.docker().run(args);
        assertThat(r.succeeded()).as("%s", r).isFalse();
        assertThat(r.stderr()).contains(message);
        assertThat(manager.isAlive()).as("skepd survives a failed swarm init").isTrue();
        assertThat(info(manager, "{{.Swarm.LocalNodeState}}")).isEqualTo("inactive");
    }

    private static String info(SkepProcess node, String format) {
        return node.docker().ok("info", "--format", format).stdout().strip();
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private static void assertListening(int port) throws IOException {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // connected: something listens there
        }
    }
}
