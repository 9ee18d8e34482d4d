package dev.skep.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Container MACs are derived from their IPs ({@code 02:42:a:b:c:d}, as Docker does) so every node knows where a
 * MAC lives from the store alone, without gossip.
 */
public final class MacAddresses {
    private MacAddresses() {}

    public static String fromIp(String ip) {
        byte[] b = ipv4(ip).getAddress();
        return String.format("02:42:%02x:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
    }

    static Inet4Address ipv4(String ip) {
        try {
            if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            return (Inet4Address) InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip, e);
        }
    }
}
