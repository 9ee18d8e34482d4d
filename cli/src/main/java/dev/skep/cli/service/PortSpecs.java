package dev.skep.cli.service;

import dev.skep.api.model.PortConfig;
import dev.skep.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code --publish} values in docker's two syntaxes: long ({@code published=8080,target=80,protocol=udp,
 * mode=host}) and short ({@code 8080:80}, {@code 8080-8081:80-81/udp}, {@code 80}).
 */
public final class PortSpecs {
    private static final Pattern LONG = Pattern.compile("\\w+=\\w+(,\\w+=\\w+)*");

    private PortSpecs() {}

    public static List<PortConfig> parse(String value) {
        return LONG.matcher(value).find() ? List.of(parseLong(value)) : parseShort(value);
    }

    private static PortConfig parseLong(String value) {
        String protocol = "tcp";
        String mode = "ingress";
        long target = 0;
        Long published = null;
        for (String field : value.split(",")) {
            String f = field.toLowerCase(Locale.ROOT);
            int eq = f.indexOf('=');
            if (eq <= 0) throw new CliException("invalid field: " + field);
            String key = f.substring(0, eq);
            String val = f.substring(eq + 1);
            switch (key) {
                case "protocol" -> {
                    if (!List.of("tcp", "udp", "sctp").contains(val)) {
                        throw new CliException("invalid protocol value '" + val + "'");
                    }
                    protocol = val;
                }
                case "mode" -> {
                    if (!val.equals("ingress") && !val.equals("host")) {
                        throw new CliException(
                                "invalid publish mode value (" + val + "): must be either 'ingress' or 'host'");
                    }
                    mode = val;
                }
                case "target" -> target = port(val, "target");
                case "published" -> published = port(val, "published");
                default -> throw new CliException("invalid field key: " + key);
            }
        }
        if (target == 0) throw new CliException("missing mandatory field 'target'");
        return new PortConfig(null, protocol, target, published, mode);
    }

    private static long port(String val, String what) {
        try {
            long p = Long.parseLong(val);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new CliException("invalid " + what + " port (" + val + "): value must be an integer: invalid syntax");
        }
    }

    private static List<PortConfig> parseShort(String value) {
        String spec = value;
        String protocol = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            spec = spec.substring(0, slash);
            if (!List.of("tcp", "udp", "sctp").contains(protocol)) {
                throw new CliException("invalid proto: " + protocol);
            }
        }
        String[] parts = spec.split(":", -1);
        String hostPart;
        String containerPart;
        if (parts.length == 1) {
            hostPart = "";
            containerPart = parts[0];
        } else if (parts.length == 2) {
            hostPart = parts[0];
            containerPart = parts[1];
        } else {
            throw new CliException("hostip is not supported");
        }
        long[] container = range(containerPart, value);
        long[] host = hostPart.isEmpty() ? new long[] {0, 0} : range(hostPart, value);
        List<PortConfig> ports = new ArrayList<>();
        long containerCount = container[1] - container[0];
        long hostCount = host[1] - host[0];
        if (containerCount == 0) {
            // one target port, possibly published on a range of ports
            for (long p = host[0]; p <= host[1]; p++) {
                ports.add(new PortConfig(null, protocol, container[0], p, "ingress"));
            }
        } else {
            if (!hostPart.isEmpty() && hostCount != containerCount) {
                throw new CliException(
                        "invalid ranges specified for container and host Ports: " + containerPart + " and " + hostPart);
            }
            for (long i = 0; i <= containerCount; i++) {
                long published = hostPart.isEmpty() ? 0 : host[0] + i;
                ports.add(new PortConfig(null, protocol, container[0] + i, published, "ingress"));
            }
        }
        return ports;
    }

    private static long[] range(String text, String whole) {
        try {
            int dash = text.indexOf('-');
            if (dash < 0) {
                long p = Long.parseLong(text);
                checkPort(p, whole);
                return new long[] {p, p};
            }
            long start = Long.parseLong(text.substring(0, dash));
            long end = Long.parseLong(text.substring(dash + 1));
            checkPort(start, whole);
            checkPort(end, whole);
            if (end < start) throw new CliException("invalid range specified for port: " + whole);
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            throw new CliException("invalid containerPort: " + whole);
        }
    }

    private static void checkPort(long p, String whole) {
        if (p < 0 || p > 65535) throw new CliException("invalid port specification: \"" + whole + "\"");
    }

    /** The identity docker uses to de-duplicate ports: published:target/protocol/mode. */
    static String key(PortConfig p) {
        return (p.publishedPort() == null ? 0 : p.publishedPort()) + ":" + p.targetPort() + "/"
                + (p.protocol() == null ? "" : p.protocol()) + "/" + (p.publishMode() == null ? "" : p.publishMode());
    }
}
