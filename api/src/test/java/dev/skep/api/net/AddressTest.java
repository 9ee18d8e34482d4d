package dev.skep.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.0.0.1|10.0.0.1|-1",
                "10.0.0.1:7777|10.0.0.1|7777",
                "eth1|eth1|-1",
                "eth1:7777|eth1|7777",
                "[::1]:2377|::1|2377",
                "[fd00::2]|fd00::2|-1",
                "::1|::1|-1",
                "fd00::2|fd00::2|-1",
                ":2377|''|2377",
                "0.0.0.0:0|0.0.0.0|0",
                "manager.example:2377|manager.example|2377"
            })
    void parsesHostAndPort(String text, String host, int port) {
        Address a = Address.parse(text);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1:",
                "10.0.0.1:abc",
                "10.0.0.1:65536",
                "[::1",
                "[::1]x",
                "[]:2377",
                "[::1]:",
                " ",
                "h:-1",
                "h:123456"
            })
    void refusesWhatIsNoAddress(String text) {
        assertThatThrownBy(() -> Address.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.strip().isEmpty() ? "required" : text.strip());
    }

    @Test
    void writesIpv6InBracketsBeforeAPort() {
        assertThat(Address.parse("::1", 2377)).hasToString("[::1]:2377");
        assertThat(Address.parse("[::1]")).hasToString("::1");
        assertThat(Address.parse("10.0.0.1", 2377)).hasToString("10.0.0.1:2377");
        assertThat(Address.parse("10.0.0.1:7777", 2377)).hasToString("10.0.0.1:7777");
        assertThat(Address.parse("[fd00::2]:7777").hostLiteral()).isEqualTo("[fd00::2]");
    }

    @Test
    void knowsTheUnspecifiedHosts() {
        assertThat(Address.parse("0.0.0.0:2377").isUnspecified()).isTrue();
        assertThat(Address.parse("[::]:2377").isUnspecified()).isTrue();
        assertThat(Address.parse(":2377").isUnspecified()).isTrue();
        assertThat(Address.parse("10.0.0.1:2377").isUnspecified()).isFalse();
    }

    @Test
    void socketAddressNeedsAPortAndLooksNothingUpForLiterals() {
        assertThat(Address.parse("127.0.0.1:7").socketAddress().isUnresolved()).isFalse();
        assertThat(Address.parse(":7").socketAddress().getAddress().isAnyLocalAddress())
                .isTrue();
        assertThatThrownBy(() -> Address.parse("127.0.0.1").socketAddress()).isInstanceOf(IllegalStateException.class);
    }
}
