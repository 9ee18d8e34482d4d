package dev.skep.manager.allocator;

/**
 * An IPv4 subnet, {@code 10.0.1.0/24}. Addresses are held as unsigned 32-bit values in a long so that
 * arithmetic and comparisons need no sign tricks.
 */
public record Subnet(long base, int prefix) {

    public Subnet {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("invalid prefix length " + prefix);
        base = base & mask(prefix);
    }

    /** Parses {@code a.b.c.d/n}; host bits are cleared, as Go's {@code net.ParseCIDR} does for the network. */
    public static Subnet parse(String cidr) {
        if (cidr == null) throw new IllegalArgumentException("invalid CIDR address: null");
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        return new Subnet(parseAddress(cidr.substring(0, slash)), prefix);
    }

    /** Parses a dotted IPv4 address. */
    public static long parseAddress(String ip) {
        String[] parts = ip == null ? new String[0] : ip.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("invalid IPv4 address: " + ip);
        long v = 0;
        for (String p : parts) {
            int octet;
            try {
                if (p.isEmpty() || p.length() > 3) throw new NumberFormatException();
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid IPv4 address: " + ip);
            }
            if (octet > 255) throw new IllegalArgumentException("invalid IPv4 address: " + ip);
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long last() {
        return base + size() - 1;
    }

    public boolean contains(long address) {
        return address >= base && address <= last();
    }

    public boolean contains(Subnet other) {
        return other.prefix >= prefix && contains(other.base);
    }

    public boolean overlaps(Subnet other) {
        return base <= other.last() && other.base <= last();
    }

    /** The first usable address, which Swarm's IPAM makes the gateway. */
    public long firstHost() {
        return prefix >= 31 ? base : base + 1;
    }

    /** The last usable address (the broadcast address is not handed out). */
    public long lastHost() {
        return prefix >= 31 ? last() : last() - 1;
    }

    /** {@code address} with this subnet's prefix length, as task and VIP addresses are written. */
    public String cidrOf(long address) {
        return format(address) + "/" + prefix;
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
