package dev.skep.api.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A network address as Swarm's flags and requests write it: a host (an IP literal, a host or interface name) with
 * an optional port, IPv6 literals in brackets when a port follows ({@code 10.0.0.1:2377}, {@code eth1:7777},
 * {@code [::1]:2377}, a bare {@code ::1} or {@code [::1]} without one). This is the one parser of such text in Skep;
 * {@link AddressResolver} turns interface names into addresses.
 *
 * @param host the host without brackets; empty for "any" (as in {@code :2377})
 * @param port the port, or {@link #NO_PORT} when the text had none
 */
public record Address(String host, int port) {
    /** Marks an address written without a port. */
    public static final int NO_PORT = -1;
    /** Swarm's cluster (control-plane) port: {@code --listen-addr}'s default. */
    public static final int CLUSTER_PORT = 2377;

    public Address {
        Objects.requireNonNull(host, "host");
        if (port < NO_PORT || port > 65_535) throw new IllegalArgumentException("invalid port " + port);
    }

    /**
     * Parses {@code HOST}, {@code HOST:PORT}, {@code [V6]}, {@code [V6]:PORT} or a bare IPv6 literal.
     *
     * @throws IllegalArgumentException with a message naming the text when it is not an address
     */
    public static Address parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("an address is required");
        String s = text.strip();
        if (s.startsWith("[")) return parseBracketed(text, s);
        int first = s.indexOf(':');
        if (first < 0) return new Address(s, NO_PORT);
        if (first != s.lastIndexOf(':')) return new Address(s, NO_PORT); // a bare IPv6 literal: no port possible
        return new Address(s.substring(0, first), port(text, s.substring(first + 1)));
    }

    /** Like {@link #parse(String)}, with {@code defaultPort} when the text has none. */
    public static Address parse(String text, int defaultPort) {
        return parse(text).withDefaultPort(defaultPort);
    }

    private static Address parseBracketed(String text, String s) {
        int close = s.indexOf(']');
        if (close < 0) throw new IllegalArgumentException("missing ']' in address " + text);
        String host = s.substring(1, close);
        String rest = s.substring(close + 1);
        if (host.isEmpty()) throw new IllegalArgumentException("empty host in address " + text);
        if (rest.isEmpty()) return new Address(host, NO_PORT);
        if (!rest.startsWith(":")) throw new IllegalArgumentException("unexpected text after ']' in address " + text);
        return new Address(host, port(text, rest.substring(1)));
    }

    private static int port(String text, String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("invalid port \"" + digits + "\" in address " + text);
        }
        int p = Integer.parseInt(digits);
        if (p > 65_535) throw new IllegalArgumentException("invalid port " + p + " in address " + text);
        return p;
    }

    public boolean hasPort() {
        return port != NO_PORT;
    }

    /** This address, with {@code defaultPort} when it has none. */
    public Address withDefaultPort(int defaultPort) {
        return hasPort() ? this : withPort(defaultPort);
    }

    public Address withPort(int newPort) {
        return new Address(host, newPort);
    }

    public Address withHost(String newHost) {
        return new Address(newHost, port);
    }

    /** True for an IPv6 literal host, which needs brackets before a port. */
    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    /** True when the host means "every address" ({@code 0.0.0.0}, {@code ::} or empty). */
    public boolean isUnspecified() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /** The host as it is written before a port: IPv6 literals in brackets. */
    public String hostLiteral() {
        return isIpv6() ? "[" + host + "]" : host;
    }

    /** A socket address to bind or connect to; the host is not looked up when it is an IP literal. */
    public InetSocketAddress socketAddress() {
        if (!hasPort()) throw new IllegalStateException("address " + this + " has no port");
        return isUnspecified() && host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** {@code HOST:PORT} ({@code [V6]:PORT}), or the host alone when there is no port. */
    @Override
    public String toString() {
        return hasPort() ? hostLiteral() + ":" + port : host;
    }
}
