package dev.skep.daemon;

import dev.skep.api.errors.ApiException;
import dev.skep.api.net.Address;
import dev.skep.api.net.AddressResolver;
import dev.skep.api.net.NodeAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The addresses one node uses in a swarm, resolved once from a {@code swarm init}/{@code swarm join} request and
 * skepd's flags (request first, flags as defaults):
 * <ul>
 * <li>{@code listen}: where the cluster port listens ({@code --listen-addr}, 2377 unless given);</li>
 * <li>{@code advertise}: the cluster address other nodes dial (ManagerStatus.Addr), port defaulting to listen's;</li>
 * <li>{@code dataPath}: the node's VXLAN address ({@code --data-path-addr}), null to use the advertised host.</li>
 * </ul>
 * Raft's port is derived by one rule, {@link #raftPort}: the cluster port + 1 (7777 → 7778), on the listen host and
 * advertised on the advertise host.
 */
record SwarmAddresses(Address listen, Address advertise, String dataPath) {
    /** What the docker CLI sends as ListenAddr when the user gave no {@code --listen-addr}. */
    static final String CLI_DEFAULT_LISTEN = "0.0.0.0:2377";

    /**
     * Resolves a request's addresses. A request ListenAddr equal to the docker CLI's default stands for "not
     * given", so skepd's own {@code --listen-addr} (several daemons on one machine) still applies. With no
     * advertise address anywhere, a node advertises the listen host when it is one address, else — joining
     * through {@code remote} — the address it reaches that manager from (what the manager sees, as Swarm uses),
     * else — initialising — the address of the default route's interface.
     *
     * @param remote the manager a join goes through, null for {@code swarm init}
     * @throws ApiException 400 with Docker's message when an address is malformed or names no usable interface
     */
    static SwarmAddresses resolve(
            AddressResolver resolver,
            DaemonConfig config,
            String listenReq,
            String advertiseReq,
            String dataPathReq,
            Address remote) {
        try {
            String listenText =
                    blank(listenReq) || listenReq.strip().equals(CLI_DEFAULT_LISTEN) ? config.listenAddr() : listenReq;
            Address listen = resolver.listen(listenText);
            raftPort(listen.port());
            String advertiseText = blank(advertiseReq) ? config.advertiseAddr() : advertiseReq;
            Address advertise = blank(advertiseText)
                    ? new Address(defaultAdvertiseHost(resolver, listen, remote), listen.port())
                    : resolver.advertise(advertiseText, listen.port());
            raftPort(advertise.port());
            String dataPath = resolver.dataPath(blank(dataPathReq) ? config.dataPathAddr() : dataPathReq);
            return new SwarmAddresses(listen, advertise, dataPath);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static String defaultAdvertiseHost(AddressResolver resolver, Address listen, Address remote) {
        if (remote == null || !listen.isUnspecified()) return resolver.defaultAdvertiseHost(listen);
        return resolver.sourceAddressTowards(remote);
    }

    /** Raft's port for a cluster port: the next one. */
    static int raftPort(int clusterPort) {
        if (clusterPort <= 0 || clusterPort >= 65_535) {
            throw new IllegalArgumentException("the cluster port must be from 1 to 65534: Raft uses the next port");
        }
        return clusterPort + 1;
    }

    /** Where this manager's Raft server binds. */
    Address raftListen() {
        return listen.withPort(raftPort(listen.port()));
    }

    /** The Raft address other managers dial: the advertised host, the port after the advertised cluster port. */
    Address raftAdvertise() {
        return advertise.withPort(raftPort(advertise.port()));
    }

    /** The cluster address of a manager whose Raft address is {@code raftAddr} (the inverse of the rule). */
    static String clusterAddrOf(String raftAddr) {
        Address raft = Address.parse(raftAddr);
        return raft.withPort(raft.port() - 1).toString();
    }

    /** What this node tells the managers of its addresses as engine labels: its data path address, if any. */
    Map<String, String> engineLabels() {
        return dataPath == null ? Map.of() : Map.of(NodeAddresses.DATA_PATH_ADDR_LABEL, dataPath);
    }

    /** skepd's own lines in {@code docker info}'s Labels: the addresses of this membership, Raft's included. */
    List<String> infoLabels(boolean manager) {
        List<String> out = new ArrayList<>();
        out.add("skep.listen-addr=" + listen);
        if (manager) out.add("skep.raft-addr=" + raftAdvertise());
        if (dataPath != null) out.add(NodeAddresses.DATA_PATH_ADDR_LABEL + "=" + dataPath);
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
