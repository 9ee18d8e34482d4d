package dev.skep.network.lb;

import static dev.skep.network.Fixtures.NODE_A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.network.NodeNetworks;
import dev.skep.network.Protocol;
import dev.skep.network.PublishedPort;
import dev.skep.network.exec.RecordingCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBalancersTest {
    @Test
    void nftIsAppliedOnceForAnUnchangedStateAndTableRemovedOnClose() {
        RecordingCommandRunner nft = new RecordingCommandRunner().fail("iptables -S DOCKER-USER", 1, "no chain");
        NftLoadBalancer lb = new NftLoadBalancer(nft);
        NodeNetworks state = new NodeNetworks(
                NODE_A,
                List.of(),
                List.of(),
                List.of(new PublishedPort(
                        Protocol.TCP,
                        8080,
                        80,
                        PublishedPort.PublishMode.INGRESS,
                        "n",
                        List.of(new PublishedPort.Backend("10.0.9.5", NODE_A)))));

        lb.apply(state);
        lb.apply(state);
        lb.close();

        assertThat(nft.lines().stream().filter(l -> l.equals("nft -f -"))).hasSize(2);
        assertThat(nft.commands().stream()
                        .filter(c -> c.argv().getFirst().equals("nft"))
                        .toList()
                        .getLast()
                        .stdin())
                .isEqualTo("table ip skep {}\ndelete table ip skep\n");
    }

    @Test
    void autoFallsBackToTheUserspaceProxyWhenNftFails() {
        RecordingCommandRunner nft = new RecordingCommandRunner().fail("nft -f", 1, "Operation not supported");
        try (LoadBalancer lb = LoadBalancers.create(LoadBalancers.Mode.AUTO, nft)) {
            assertThat(lb.kind()).isEqualTo("nftables");

            lb.apply(NodeNetworks.empty(NODE_A));

            assertThat(lb.kind()).isEqualTo("userspace");
        }
    }

    @Test
    void autoUsesTheProxyWhenNftIsMissing() {
        RecordingCommandRunner nft = new RecordingCommandRunner().fail("nft -c", 127, "nft: not found");
        try (LoadBalancer lb = LoadBalancers.create(LoadBalancers.Mode.AUTO, nft)) {
            assertThat(lb.kind()).isEqualTo("userspace");
        }
    }
}
