package dev.skep.api.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link AddressResolver} needs to know of this host's network interfaces; tests give a fixed table. */
public interface HostInterfaces {
    /** The addresses of the named interface (up or not), or null when there is no such interface. */
    List<InetAddress> addressesOf(String name);

    /** The interface of the IPv4 default route, or null when there is none. */
    String defaultRouteInterface();

    /** Every interface that is up and not loopback, with its addresses, leaving out Docker's and Skep's bridges. */
    Map<String, List<InetAddress>> all();

    /** A fixed table: interface name to addresses, and the default route's interface (may be null). */
    static HostInterfaces of(Map<String, List<InetAddress>> table, String defaultRoute) {
        return new HostInterfaces() {
            @Override
            public List<InetAddress> addressesOf(String name) {
                return table.get(name);
            }

            @Override
            public String defaultRouteInterface() {
                return defaultRoute;
            }

            @Override
            public Map<String, List<InetAddress>> all() {
                return table;
            }
        };
    }

    /** The kernel's view, through the JDK and {@code /proc/net/route}. */
    static HostInterfaces system() {
        return new HostInterfaces() {
            @Override
            public List<InetAddress> addressesOf(String name) {
                try {
                    NetworkInterface ni = NetworkInterface.getByName(name);
                    return ni == null ? null : ni.inetAddresses().toList();
                } catch (SocketException e) {
                    return null;
                }
            }

            @Override
            public String defaultRouteInterface() {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream()
                            .skip(1)
                            .toList()) {
                        String[] f = line.trim().split("\\s+");
                        // Iface Destination Gateway Flags …: destination 0 is the default route
                        if (f.length > 2 && f[1].equals("00000000")) return f[0];
                    }
                } catch (IOException e) {
                    return null;
                }
                return null;
            }

            @Override
            public Map<String, List<InetAddress>> all() {
                Map<String, List<InetAddress>> out = new LinkedHashMap<>();
                try {
                    for (NetworkInterface ni :
                            NetworkInterface.networkInterfaces().toList()) {
                        if (!ni.isUp() || ni.isLoopback() || managedByContainers(ni.getName())) continue;
                        out.put(ni.getName(), ni.inetAddresses().toList());
                    }
                } catch (SocketException e) {
                    return out;
                }
                return out;
            }
        };
    }

    /** Bridges and links that Docker or Skep made, whose addresses are never a node's own. */
    static boolean managedByContainers(String name) {
        return name.startsWith("docker")
                || name.startsWith("veth")
                || name.startsWith("br-")
                || name.startsWith("skb-")
                || name.startsWith("vx-");
    }
}
