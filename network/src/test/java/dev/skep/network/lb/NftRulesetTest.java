package dev.skep.network.lb;

import static dev.skep.network.Fixtures.NET;
import static dev.skep.network.Fixtures.NODE_A;
import static dev.skep.network.Fixtures.NODE_B;
import static dev.skep.network.Fixtures.network;
import static dev.skep.network.Fixtures.onNodeA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.network.Endpoint;
import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.Protocol;
import dev.skep.network.PublishedPort;
import dev.skep.network.PublishedPort.Backend;
import dev.skep.network.PublishedPort.PublishMode;
import dev.skep.network.ServiceEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesetTest {
    private final OverlayNetwork net = network("10.0.9.2", Endpoint.of("t1", "10.0.9.5", NODE_A));

    @Test
    void aVipSpreadsOverItsBackendsRoundRobinWithoutSnat() {
        ServiceEndpoint web = new ServiceEndpoint(
                "web", List.of(), "10.0.9.100", NET, List.of("10.0.9.5", "10.0.9.6", "10.0.9.7"), List.of());

        String script = NftRuleset.script(onNodeA(net, List.of(web), List.of()));

        assertThat(script).startsWith("table ip skep {}\ndelete table ip skep\ntable ip skep {\n");
        assertThat(script)
                .contains(
                        "ip daddr 10.0.9.100 dnat to numgen inc mod 3 map { 0 : 10.0.9.5, 1 : 10.0.9.6, 2 : 10.0.9.7 }");
        assertThat(script).doesNotContain("snat to").doesNotContain("reject");
    }

    @Test
    void aVipWithoutBackendsIsRejectedAndDnsrrServicesHaveNoRules() {
        ServiceEndpoint empty = new ServiceEndpoint("web", List.of(), "10.0.9.100", NET, List.of(), List.of());
        ServiceEndpoint rr = new ServiceEndpoint("rr", List.of(), null, NET, List.of("10.0.9.5"), List.of());

        String script = NftRuleset.script(onNodeA(net, List.of(empty, rr), List.of()));

        assertThat(script).contains("ip daddr { 10.0.9.100 } reject").doesNotContain("dnat");
    }

    @Test
    void ingressReachesLocalTasksDirectlyAndRemoteOnesThroughTheirNodesPublishedPort() {
        PublishedPort port = new PublishedPort(
                Protocol.TCP,
                8080,
                80,
                PublishMode.INGRESS,
                NET,
                List.of(new Backend("10.0.9.5", NODE_A), new Backend("10.0.9.6", NODE_B)));

        String script = NftRuleset.script(onNodeA(net, List.of(), List.of(port)));

        String dnat = "fib daddr type local tcp dport 8080 ct mark set 0x5e1b dnat ip to "
                + "numgen inc mod 2 map { 0 : 10.0.9.5 . 80, 1 : " + NODE_B + " . 8080 }";
        assertThat(script.split(java.util.regex.Pattern.quote(dnat), -1)).hasSize(3); // prerouting and output
        assertThat(script)
                .contains("ct mark 0x5e1b ip daddr { " + NODE_B + " } tcp dport 8080 snat to " + NODE_A)
                .doesNotContain("snat to 10.0.9.2");
    }

    @Test
    void connectionsForwardedByAnotherNodeGoOnlyToLocalTasks() {
        PublishedPort port = new PublishedPort(
                Protocol.TCP,
                8080,
                80,
                PublishMode.INGRESS,
                NET,
                List.of(
                        new Backend("10.0.9.5", NODE_A),
                        new Backend("10.0.9.7", NODE_A),
                        new Backend("10.0.9.6", NODE_B)));

        String script = NftRuleset.script(onNodeA(net, List.of(), List.of(port)));

        assertThat(script).contains("set nodes {\n    type ipv4_addr;\n    elements = { " + NODE_B + " }\n  }");
        String forwarded = "ip saddr @nodes fib daddr type local tcp dport 8080 ct mark set 0x5e1b dnat to "
                + "numgen inc mod 2 map { 0 : 10.0.9.5, 1 : 10.0.9.7 } : 80";
        String chain = script.substring(script.indexOf("chain prerouting"), script.indexOf("chain output"));
        assertThat(chain).contains(forwarded);
        assertThat(chain.indexOf(forwarded))
                .as("before the rule that spreads over every node")
                .isLessThan(chain.indexOf("dnat ip to numgen inc mod 3"));
        assertThat(script.substring(script.indexOf("chain output"))).doesNotContain("@nodes");
    }

    @Test
    void remoteTasksWeighByTheirNumberAndANodeWithoutTasksNeedsNoForwardedRule() {
        PublishedPort port = new PublishedPort(
                Protocol.UDP,
                5353,
                53,
                PublishMode.INGRESS,
                NET,
                List.of(new Backend("10.0.9.6", NODE_B), new Backend("10.0.9.8", NODE_B)));

        String script = NftRuleset.script(onNodeA(net, List.of(), List.of(port)));

        assertThat(script)
                .contains("udp dport 5353 ct mark set 0x5e1b dnat ip to numgen inc mod 2 map { 0 : " + NODE_B
                        + " . 5353, 1 : " + NODE_B + " . 5353 }")
                .contains("ct mark 0x5e1b ip daddr { " + NODE_B + " } udp dport 5353 snat to " + NODE_A)
                .doesNotContain("@nodes")
                .doesNotContain("set nodes");
    }

    @Test
    void aPortWithOnlyLocalTasksDnatsToThemWithoutSnat() {
        PublishedPort port = new PublishedPort(
                Protocol.TCP, 8080, 80, PublishMode.INGRESS, NET, List.of(new Backend("10.0.9.5", NODE_A)));

        String script = NftRuleset.script(onNodeA(net, List.of(), List.of(port)));

        assertThat(script)
                .contains("tcp dport 8080 ct mark set 0x5e1b dnat to 10.0.9.5 : 80")
                .doesNotContain("snat to")
                .doesNotContain("@nodes");
    }

    @Test
    void hostModeForwardsOnlyToLocalTasksAndIsAbsentWithoutThem() {
        PublishedPort local = new PublishedPort(
                Protocol.UDP,
                5353,
                53,
                PublishMode.HOST,
                NET,
                List.of(new Backend("10.0.9.5", NODE_A), new Backend("10.0.9.6", NODE_B)));
        PublishedPort remoteOnly = new PublishedPort(
                Protocol.TCP, 9000, 90, PublishMode.HOST, NET, List.of(new Backend("10.0.9.6", NODE_B)));

        String script = NftRuleset.script(onNodeA(net, List.of(), List.of(local, remoteOnly)));

        assertThat(script)
                .contains("udp dport 5353 ct mark set 0x5e1b dnat to 10.0.9.5 : 53")
                .doesNotContain("dport 9000")
                .doesNotContain("snat to");
    }

    @Test
    void nothingToBalanceOnlyDeletesTheTable() {
        assertThat(NftRuleset.script(NodeNetworks.empty(NODE_A))).isEqualTo("table ip skep {}\ndelete table ip skep\n");
    }
}
