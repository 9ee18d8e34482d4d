package dev.skep.daemon.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may reach the client API and at what cost. {@code tls} null means plain HTTP on TCP, which the daemon only
 * serves when the operator said {@code insecureTcp} ({@code --insecure-api}). The unix socket is mode 0660,
 * owned by {@code socketGroup} (dockerd's {@code -G}); {@code groupRequired} false means the group is the
 * default one and may be missing or not ours to give.
 */
public record ApiAccess(
        TlsSetup tls, boolean insecureTcp, String socketGroup, boolean groupRequired, ConnectionLimits limits) {

    /** dockerd's default socket group, used when it exists. */
    public static final String DEFAULT_GROUP = "docker";

    /** dockerd's wording, continuation lines indented as dockerd prints them. */
    private static final String ROOT_ACCESS =
            "\n         Access to the remote API is equivalent to root access on the host. Refer"
                    + "\n         to the 'Docker daemon attack surface' section in the documentation for"
                    + "\n         more information: https://docs.docker.com/go/attack-surface/";

    /** The unix socket only, with the process's own group and default limits (tests, tools). */
    public static ApiAccess local() {
        return new ApiAccess(null, false, null, false, ConnectionLimits.defaults());
    }

    /** Refuses a TCP listener without TLS unless insecure access was asked for. */
    public void checkTcp(String tcpAddr) {
        if (tcpAddr != null && tls == null && !insecureTcp) {
            throw new IllegalArgumentException("refusing to serve the API on tcp://" + tcpAddr
                    + " without TLS: anyone who reaches it has root access on every node of the swarm. "
                    + "Use --tlsverify with --tlscacert, --tlscert and --tlskey, or --insecure-api to accept the risk");
        }
    }

    /** dockerd's /info warnings for a TCP listener that is unencrypted or does not verify clients. */
    public List<String> warnings(String tcpAddr) {
        List<String> w = new ArrayList<>();
        if (tcpAddr == null) return w;
        if (tls == null) {
            w.add("WARNING: API is accessible on http://" + tcpAddr + " without encryption." + ROOT_ACCESS);
        } else if (!tls.verify()) {
            w.add("WARNING: API is accessible on https://" + tcpAddr + " without TLS client verification."
                    + ROOT_ACCESS);
        }
        return w;
    }
}
