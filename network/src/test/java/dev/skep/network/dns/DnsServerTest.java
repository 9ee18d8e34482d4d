package dev.skep.network.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.network.ServiceEndpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DnsServerTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private final DnsServer upstream = new DnsServer(List.of(), Duration.ofSeconds(1));
    private DnsServer server;

    private final ServiceEndpoint web = new ServiceEndpoint(
            "shop_web", List.of("web", "frontend"), "10.0.9.100", "net1", List.of("10.0.9.5", "10.0.9.6"), List.of());
    private final ServiceEndpoint db =
            new ServiceEndpoint("db", List.of(), null, "net1", List.of("10.0.9.7", "10.0.9.8", "10.0.9.9"), List.of());
    private final ServiceEndpoint other =
            new ServiceEndpoint("cache", List.of(), "10.0.8.100", "net2", List.of("10.0.8.5"), List.of());

    @AfterEach
    void close() {
        upstream.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersServiceNamesAliasesAndTasksOverUdpAndTcp() throws Exception {
        InetSocketAddress at = start(null);

        assertThat(addresses(at, "shop_web", false)).containsExactly("10.0.9.100");
        assertThat(addresses(at, "WEB.", true)).containsExactly("10.0.9.100");
        assertThat(addresses(at, "frontend", false)).containsExactly("10.0.9.100");
        assertThat(addresses(at, "tasks.shop_web", true)).containsExactlyInAnyOrder("10.0.9.5", "10.0.9.6");
        assertThat(addresses(at, "tasks.web", false)).containsExactlyInAnyOrder("10.0.9.5", "10.0.9.6");
    }

    @Test
    void dnsrrServicesAnswerEveryTaskInChangingOrder() throws Exception {
        InetSocketAddress at = start(null);

        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            List<String> ips = addresses(at, "db", false);
            assertThat(ips).containsExactlyInAnyOrder("10.0.9.7", "10.0.9.8", "10.0.9.9");
            firsts.add(ips.getFirst());
        }
        assertThat(firsts).hasSizeGreaterThan(1);
    }

    @Test
    void aListenerAnswersOnlyForItsNetwork() throws Exception {
        InetSocketAddress net1 = start("net1");
        InetSocketAddress net2 = server.listen(ANY_PORT, "net2");

        assertThat(addresses(net2, "cache", false)).containsExactly("10.0.8.100");
        assertThat(query(net2, "db", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(query(net1, "cache", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void updatesAreVisibleToTheNextQuery() throws Exception {
        InetSocketAddress at = start(null);

        server.update(List.of(new ServiceEndpoint("db", List.of(), null, "net1", List.of("10.0.9.7"), List.of())));

        assertThat(addresses(at, "db", false)).containsExactly("10.0.9.7");
        assertThat(query(at, "shop_web", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void serviceNamesHaveNoIpv6AnswerButExist() throws Exception {
        InetSocketAddress at = start(null);

        Message reply = query(at, "web", Type.AAAA);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void otherNamesAreForwardedUpstream() throws Exception {
        InetSocketAddress up = upstream.listen(ANY_PORT, null);
        upstream.update(
                List.of(new ServiceEndpoint("www.example.org", List.of(), "192.0.2.80", "x", List.of(), List.of())));
        server = new DnsServer(List.of(up), Duration.ofSeconds(1));
        server.update(List.of(web));
        InetSocketAddress at = server.listen(ANY_PORT, null);

        assertThat(addresses(at, "www.example.org", false)).containsExactly("192.0.2.80");
    }

    @Test
    void unreachableUpstreamGivesServfail() throws Exception {
        server = new DnsServer(List.of(new InetSocketAddress("127.0.0.1", 9)), Duration.ofMillis(300));
        InetSocketAddress at = server.listen(ANY_PORT, null);

        assertThat(query(at, "www.example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void readsNameserversFromResolvConf(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path conf = dir.resolve("resolv.conf");
        java.nio.file.Files.writeString(
                conf,
                "search lan\nnameserver 192.0.2.53\n# nameserver 1.1.1.1\n"
                        + "nameserver 192.0.2.54\noptions ndots:0\n");

        assertThat(DnsServer.nameservers(conf))
                .containsExactly(new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("192.0.2.54", 53));
    }

    private InetSocketAddress start(String networkId) {
        server = new DnsServer(List.of(), Duration.ofSeconds(1));
        server.update(List.of(web, db, other));
        return server.listen(ANY_PORT, networkId);
    }

    private static List<String> addresses(InetSocketAddress at, String name, boolean tcp) throws Exception {
        Message reply = query(at, name, Type.A, tcp);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        return reply.getSection(Section.ANSWER).stream()
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .toList();
    }

    private static Message query(InetSocketAddress at, String name, int type) throws Exception {
        return query(at, name, type, false);
    }

    private static Message query(InetSocketAddress at, String name, int type, boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(at);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }
}
