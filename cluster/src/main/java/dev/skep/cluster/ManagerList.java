package dev.skep.cluster;

import java.util.ArrayList;
import java.util.List;

/** Manager lists as clients use them: addresses only, the leader first. */
public final class ManagerList {
    private ManagerList() {}

    public static List<String> addrs(List<ManagerPeer> managers) {
        List<String> out = new ArrayList<>();
        if (managers == null) return out;
        for (ManagerPeer m : managers) {
            if (m.leader() && usable(m)) out.add(m.addr());
        }
        for (ManagerPeer m : managers) {
            if (!m.leader() && usable(m) && !out.contains(m.addr())) out.add(m.addr());
        }
        return out;
    }

    private static boolean usable(ManagerPeer m) {
        return m.addr() != null && !m.addr().isBlank();
    }
}
