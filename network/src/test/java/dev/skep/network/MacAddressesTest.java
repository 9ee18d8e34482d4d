package dev.skep.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacAddressesTest {
    @Test
    void derivesDockersMacFromTheAddress() {
        assertThat(MacAddresses.fromIp("10.0.9.6")).isEqualTo("02:42:0a:00:09:06");
        assertThat(MacAddresses.fromIp("172.18.255.254")).isEqualTo("02:42:ac:12:ff:fe");
    }

    @Test
    void refusesNamesAndIpv6() {
        assertThatThrownBy(() -> MacAddresses.fromIp("example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacAddresses.fromIp("fe80::1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointsNormaliseGivenMacs() {
        assertThat(new Endpoint("t", null, "10.0.9.6", "02:42:0A:00:09:06", "n").mac())
                .isEqualTo("02:42:0a:00:09:06");
    }
}
