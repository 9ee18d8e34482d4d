package dev.skep.api.net;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the addresses a user gives to {@code swarm init}/{@code swarm join} (and skepd's flags) into IP addresses,
 * as dockerd does ({@code daemon/cluster/listen_addr.go}): a host part may be an interface name (its one IPv4
 * address, else its one IPv6 address) or an IP literal; errors carry Docker's texts. One deliberate difference:
 * IPv6 link-local addresses ({@code fe80::/10}, which Linux puts on every interface) are not counted, so an
 * interface with one IPv4 address and IPv6 enabled resolves instead of failing with "more than one IPv6 address".
 */
public final class AddressResolver {
    public static final String BAD_LISTEN_ADDR =
            "listen address must be an IP address or network interface (with optional port number)";
    public static final String BAD_ADVERTISE_ADDR =
            "advertise address must be a non-zero IP address or network interface (with optional port number)";
    public static final String BAD_DATA_PATH_ADDR =
            "data path address must be a non-zero IP address or network interface (without a port number)";
    public static final String NO_IP = "could not find the system's IP address";

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private final HostInterfaces interfaces;

    public AddressResolver(HostInterfaces interfaces) {
        this.interfaces = interfaces;
    }

    /** This host's interfaces, as the kernel reports them. */
    public static AddressResolver system() {
        return new AddressResolver(HostInterfaces.system());
    }

    /**
     * A cluster listen address: {@code IP|INTERFACE[:PORT]}, port 2377 when none is given, {@code 0.0.0.0} (or an
     * empty host) for every address.
     */
    public Address listen(String text) {
        Address a = parseOr(text, BAD_LISTEN_ADDR).withDefaultPort(Address.CLUSTER_PORT);
        if (a.isUnspecified()) return a.host().isEmpty() ? a.withHost("0.0.0.0") : a;
        return a.withHost(resolveHost(a.host(), BAD_LISTEN_ADDR));
    }

    /** An advertise address: {@code IP|INTERFACE[:PORT]}, never "any"; the port defaults to {@code listenPort}. */
    public Address advertise(String text, int listenPort) {
        Address a = parseOr(text, BAD_ADVERTISE_ADDR).withDefaultPort(listenPort);
        if (a.isUnspecified()) throw new IllegalArgumentException(BAD_ADVERTISE_ADDR);
        return a.withHost(resolveHost(a.host(), BAD_ADVERTISE_ADDR));
    }

    /** A data path address: {@code IP|INTERFACE} without a port, never "any"; null when none is given. */
    public String dataPath(String text) {
        if (text == null || text.isBlank()) return null;
        Address a = parseOr(text, BAD_DATA_PATH_ADDR);
        if (a.hasPort() || a.isUnspecified() || text.strip().startsWith("[")) {
            throw new IllegalArgumentException(BAD_DATA_PATH_ADDR);
        }
        return resolveHost(a.host(), BAD_DATA_PATH_ADDR);
    }

    /**
     * The address to advertise when none is given: the listen host when it is one address, else the address of
     * the interface that holds the default route, else the host's only global address.
     */
    public String defaultAdvertiseHost(Address listen) {
        if (!listen.isUnspecified()) return listen.host();
        String routed = interfaces.defaultRouteInterface();
        if (routed != null) {
            List<InetAddress> addrs = interfaces.addressesOf(routed);
            if (addrs != null) {
                InetAddress chosen = pick(routed, usable(addrs));
                if (chosen != null) return format(chosen);
            }
        }
        return onlyGlobalAddress();
    }

    /**
     * The address this host sends from to reach {@code remote} (the kernel's route choice; a UDP "connect" sends no
     * packet): what a manager sees a joining node come from, so what the node advertises when told nothing.
     */
    public String sourceAddressTowards(Address remote) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(remote.host(), remote.port()));
            InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) throw new IllegalArgumentException(NO_IP);
            return format(local);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException(
                    "could not find the address to reach " + remote + " from: " + e.getMessage());
        }
    }

    private String onlyGlobalAddress() {
        String found = null;
        String foundOn = null;
        for (Map.Entry<String, List<InetAddress>> e : interfaces.all().entrySet()) {
            InetAddress a = pick(e.getKey(), usable(e.getValue()));
            if (a == null) continue;
            if (found != null) {
                throw new IllegalArgumentException("could not choose an IP address to advertise since this system "
                        + "has multiple addresses on different interfaces (" + found + " on " + foundOn + " and "
                        + format(a) + " on " + e.getKey() + ")");
            }
            found = format(a);
            foundOn = e.getKey();
        }
        if (found == null) throw new IllegalArgumentException(NO_IP);
        return found;
    }

    /** An interface's one address, or the IP literal itself; Docker's error when neither. */
    String resolveHost(String host, String badIdentifier) {
        List<InetAddress> addrs = interfaces.addressesOf(host);
        if (addrs != null) {
            InetAddress a = pick(host, usable(addrs));
            if (a == null) {
                throw new IllegalArgumentException("interface " + host + " has no usable IPv4 or IPv6 address");
            }
            return format(a);
        }
        InetAddress literal = literal(host);
        if (literal == null || literal.isAnyLocalAddress()) throw new IllegalArgumentException(badIdentifier);
        return format(literal);
    }

    /** The one IPv4 address, else the one IPv6 address; an error naming both when a family has two. */
    private static InetAddress pick(String name, List<InetAddress> addrs) {
        InetAddress v4 = null;
        InetAddress v6 = null;
        for (InetAddress a : addrs) {
            boolean isV4 = a instanceof Inet4Address;
            InetAddress seen = isV4 ? v4 : v6;
            if (seen != null) {
                throw new IllegalArgumentException("interface " + name + " has more than one "
                        + (isV4 ? "IPv4" : "IPv6") + " address (" + format(seen) + " and " + format(a) + ")");
            }
            if (isV4) v4 = a;
            else v6 = a;
        }
        return v4 != null ? v4 : v6;
    }

    private static List<InetAddress> usable(List<InetAddress> addrs) {
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : addrs) if (!a.isLinkLocalAddress()) out.add(stripScope(a));
        return out;
    }

    private static InetAddress stripScope(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            return a;
        }
    }

    /** An IPv4 or IPv6 literal, parsed without any name lookup; null for anything else. */
    static InetAddress literal(String host) {
        if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) return null;
        try {
            return stripScope(InetAddress.getByName(host));
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** An address as Go prints it: IPv6 in RFC 5952's short form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    static String format(InetAddress a) {
        if (a instanceof Inet4Address) return a.getHostAddress();
        byte[] b = a.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1; // a single zero word is not shortened
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && words[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(words[i]));
        }
        return out.toString();
    }

    private static Address parseOr(String text, String message) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(message);
        }
    }
}
