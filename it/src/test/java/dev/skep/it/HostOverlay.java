package dev.skep.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The host as a one-node overlay data plane: tests that let a skepd on the host's dockerd plumb overlay networks
 * need root and must not meet another skepd's bridges or VXLAN devices (they check that theirs are gone after).
 */
public final class HostOverlay {
    private HostOverlay() {}

    /** Skips the calling test class unless the host can carry Skep's overlay plumbing now. */
    public static void assumeUsable() {
        TestImages.ensureAvailable();
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (bridges, VXLAN, nftables)");
        assumeTrue(overlayLinks().isEmpty(), "foreign overlay devices on this host: " + overlayLinks());
    }

    /** Skips the calling test class unless the host's dockerd has {@code image}. */
    public static void assumeImage(String image, String buildHint) {
        assumeTrue(
                DockerCli.hostDockerd().run("image", "inspect", image).succeeded(),
                "needs " + image + " (" + buildHint + ")");
    }

    /** Skep's overlay devices on the host: bridges {@code skb-*} and VXLAN devices {@code vx-*}. */
    public static List<String> overlayLinks() {
        return links().stream()
                .filter(n -> n.startsWith("skb-") || n.startsWith("vx-"))
                .toList();
    }

    /** Every network interface of the host's (root) namespace. */
    public static List<String> links() {
        CommandResult r = Commands.run(List.of("ip", "-o", "link", "show"), Map.of(), Duration.ofSeconds(20));
        return r.stdout()
                .lines()
                .map(l -> l.split(":\\s+", 3))
                .filter(f -> f.length > 1)
                .map(f -> f[1].split("@")[0])
                .toList();
    }
}
