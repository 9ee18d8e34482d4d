package dev.skep.manager.allocator;

import java.util.BitSet;

/**
 * The addresses of one network's subnet: which are taken (gateway, VIPs, task addresses) and which are
 * free. Handing out takes the lowest free address inside the pool's range.
 */
final class AddressSpace {
    private final Subnet subnet;
    private final long from;
    private final long to;
    private final BitSet used = new BitSet();

    /** {@code range} narrows where addresses are handed out; null means the whole subnet. */
    AddressSpace(Subnet subnet, Subnet range) {
        this.subnet = subnet;
        Subnet r = range == null ? subnet : range;
        this.from = Math.max(subnet.firstHost(), r.base());
        this.to = Math.min(subnet.lastHost(), r.last());
    }

    Subnet subnet() {
        return subnet;
    }

    /** Marks an address taken; false if it already was or lies outside the subnet. */
    boolean reserve(long address) {
        if (!subnet.contains(address)) return false;
        int offset = (int) (address - subnet.base());
        if (used.get(offset)) return false;
        used.set(offset);
        return true;
    }

    /** Takes a CIDR-written address ({@code 10.0.1.3/24}) or a bare one; false when it is not usable. */
    boolean reserve(String address) {
        try {
            String ip = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
            return reserve(Subnet.parseAddress(ip));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    boolean isUsed(long address) {
        return subnet.contains(address) && used.get((int) (address - subnet.base()));
    }

    /** The lowest free address, now taken, or -1 when the range is full. */
    long allocate() {
        int start = (int) (from - subnet.base());
        int end = (int) (to - subnet.base());
        int free = used.nextClearBit(start);
        if (free > end) return -1;
        used.set(free);
        return subnet.base() + free;
    }

    void release(long address) {
        if (subnet.contains(address)) used.clear((int) (address - subnet.base()));
    }
}
