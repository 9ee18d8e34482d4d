package dev.skep.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resolver against a fixed interface table, as the course's machines have it: eth0 and eth1. */
class AddressResolverTest {
    private final Map<String, List<InetAddress>> table = new LinkedHashMap<>();
    private String defaultRoute = "eth0";

    AddressResolverTest() {
        table.put("eth0", ips("192.0.2.2", "fe80::1"));
        table.put("eth1", ips("10.10.0.5", "fe80::2"));
        table.put("lo", ips("127.0.0.1", "::1"));
        table.put("v6only", ips("fd00::7", "fe80::3"));
        table.put("two4", ips("10.1.0.1", "10.1.0.2"));
        table.put("two6", ips("fd00::1", "fd00::2"));
        table.put("down", List.of());
    }

    private AddressResolver resolver() {
        return new AddressResolver(HostInterfaces.of(table, defaultRoute));
    }

    @Test
    void anInterfaceNameResolvesToItsOneIpv4AddressIgnoringLinkLocal() {
        assertThat(resolver().listen("eth1:7777")).isEqualTo(new Address("10.10.0.5", 7777));
        assertThat(resolver().advertise("eth1", 7777)).isEqualTo(new Address("10.10.0.5", 7777));
        assertThat(resolver().advertise("lo:2377", 1)).isEqualTo(new Address("127.0.0.1", 2377));
        assertThat(resolver().dataPath("eth1")).isEqualTo("10.10.0.5");
    }

    @Test
    void anInterfaceWithoutIpv4TakesItsIpv6Address() {
        assertThat(resolver().advertise("v6only", 2377)).hasToString("[fd00::7]:2377");
    }

    @Test
    void aMissingPortIsSwarmsDefaultForListenAndTheListenPortForAdvertise() {
        assertThat(resolver().listen("10.0.0.1")).isEqualTo(new Address("10.0.0.1", 2377));
        assertThat(resolver().listen("0.0.0.0:7777")).isEqualTo(new Address("0.0.0.0", 7777));
        assertThat(resolver().listen(":7777")).isEqualTo(new Address("0.0.0.0", 7777));
        assertThat(resolver().advertise("10.0.0.1", 7777)).isEqualTo(new Address("10.0.0.1", 7777));
        assertThat(resolver().advertise("[::1]:2400", 7777)).isEqualTo(new Address("::1", 2400));
        assertThat(resolver().advertise("::1", 7777)).hasToString("[::1]:7777");
    }

    @Test
    void ipLiteralsNeedNotBeOnThisHost() {
        // an advertise address may be a NAT's; binding is what fails when a listen address is not here
        assertThat(resolver().advertise("203.0.113.9", 2377)).isEqualTo(new Address("203.0.113.9", 2377));
        assertThat(resolver().listen("203.0.113.9:2377")).isEqualTo(new Address("203.0.113.9", 2377));
    }

    @Test
    void refusesWithDockersTexts() {
        assertThatThrownBy(() -> resolver().listen("eth9:7777")).hasMessage(AddressResolver.BAD_LISTEN_ADDR);
        assertThatThrownBy(() -> resolver().listen("manager.example:7777")).hasMessage(AddressResolver.BAD_LISTEN_ADDR);
        assertThatThrownBy(() -> resolver().listen("eth1:abc")).hasMessage(AddressResolver.BAD_LISTEN_ADDR);
        assertThatThrownBy(() -> resolver().advertise("eth9:7777", 2377))
                .hasMessage(AddressResolver.BAD_ADVERTISE_ADDR);
        assertThatThrownBy(() -> resolver().advertise("0.0.0.0", 2377)).hasMessage(AddressResolver.BAD_ADVERTISE_ADDR);
        assertThatThrownBy(() -> resolver().dataPath("eth9")).hasMessage(AddressResolver.BAD_DATA_PATH_ADDR);
        assertThatThrownBy(() -> resolver().dataPath("10.0.0.1:4789")).hasMessage(AddressResolver.BAD_DATA_PATH_ADDR);
        assertThatThrownBy(() -> resolver().dataPath("0.0.0.0")).hasMessage(AddressResolver.BAD_DATA_PATH_ADDR);
        assertThatThrownBy(() -> resolver().dataPath("[::1]")).hasMessage(AddressResolver.BAD_DATA_PATH_ADDR);
    }

    @Test
    void anAmbiguousOrEmptyInterfaceNamesTheChoices() {
        assertThatThrownBy(() -> resolver().advertise("two4", 2377))
                .hasMessage("interface two4 has more than one IPv4 address (10.1.0.1 and 10.1.0.2)");
        assertThatThrownBy(() -> resolver().listen("two6:2377"))
                .hasMessage("interface two6 has more than one IPv6 address (fd00::1 and fd00::2)");
        assertThatThrownBy(() -> resolver().advertise("down", 2377))
                .hasMessage("interface down has no usable IPv4 or IPv6 address");
    }

    @Test
    void noDataPathAddressMeansNone() {
        assertThat(resolver().dataPath(null)).isNull();
        assertThat(resolver().dataPath(" ")).isNull();
    }

    @Test
    void theDefaultAdvertiseHostIsTheListenHostElseTheDefaultRoutesInterface() {
        assertThat(resolver().defaultAdvertiseHost(new Address("10.10.0.5", 7777)))
                .isEqualTo("10.10.0.5");
        assertThat(resolver().defaultAdvertiseHost(new Address("0.0.0.0", 7777)))
                .isEqualTo("192.0.2.2");
        defaultRoute = "eth1";
        assertThat(resolver().defaultAdvertiseHost(new Address("0.0.0.0", 7777)))
                .isEqualTo("10.10.0.5");
    }

    @Test
    void withoutADefaultRouteOnlyASingleAddressIsChosen() {
        defaultRoute = null;
        table.clear();
        table.put("eth0", ips("192.0.2.2"));
        assertThat(resolver().defaultAdvertiseHost(new Address("0.0.0.0", 2377)))
                .isEqualTo("192.0.2.2");
        table.put("eth1", ips("10.10.0.5"));
        assertThatThrownBy(() -> resolver().defaultAdvertiseHost(new Address("0.0.0.0", 2377)))
                .hasMessage("could not choose an IP address to advertise since this system has multiple addresses "
                        + "on different interfaces (192.0.2.2 on eth0 and 10.10.0.5 on eth1)");
        table.clear();
        assertThatThrownBy(() -> resolver().defaultAdvertiseHost(new Address("0.0.0.0", 2377)))
                .hasMessage(AddressResolver.NO_IP);
    }

    @Test
    void printsIpv6AsGoDoes() throws UnknownHostException {
        assertThat(AddressResolver.format(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(AddressResolver.format(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(AddressResolver.format(InetAddress.getByName("fd00::2"))).isEqualTo("fd00::2");
        assertThat(AddressResolver.format(InetAddress.getByName("2001:db8:0:1:0:0:0:1")))
                .isEqualTo("2001:db8:0:1::1");
        assertThat(AddressResolver.format(InetAddress.getByName("2001:0:0:1:0:0:1:1")))
                .isEqualTo("2001::1:0:0:1:1");
        assertThat(AddressResolver.format(InetAddress.getByName("1:2:3:4:5:6:7:0")))
                .isEqualTo("1:2:3:4:5:6:7:0");
        assertThat(AddressResolver.format(InetAddress.getByName("fe80::1:0"))).isEqualTo("fe80::1:0");
    }

    private static List<InetAddress> ips(String... literals) {
        try {
            InetAddress[] out = new InetAddress[literals.length];
            for (int i = 0; i < literals.length; i++) out[i] = InetAddress.getByName(literals[i]);
            return List.of(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
