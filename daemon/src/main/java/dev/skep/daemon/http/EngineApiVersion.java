package dev.skep.daemon.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The newest Engine API version the node's dockerd serves, learned from its {@code Api-Version} header. Skep
 * announces its own (newer) API version on {@code /_ping}, so the docker CLI sends e.g. {@code /v1.45/containers/json};
 * a dockerd that serves at most 1.41 would refuse that ("client version 1.45 is too new"), so a forwarded path whose
 * version is newer than the engine's is sent with the engine's version, which is what the CLI would have negotiated
 * talking to that dockerd directly. Older and unversioned paths are sent as they are.
 */
final class EngineApiVersion {
    private static final Pattern VERSION = Pattern.compile("^/v([0-9]+)\\.([0-9]+)(/.*)$");
    private static final Pattern HEADER = Pattern.compile("^([0-9]+)\\.([0-9]+)$");

    private volatile int[] newest;

    boolean known() {
        return newest != null;
    }

    /** Records the engine's {@code Api-Version} header value; anything else is ignored. */
    void learn(String header) {
        if (header == null) return;
        Matcher m = HEADER.matcher(header.trim());
        if (m.matches()) newest = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** The request URI to send to the engine. */
    String clamp(String uri) {
        int[] max = newest;
        Matcher m = VERSION.matcher(uri);
        if (max == null || !m.matches()) return uri;
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        boolean newer = major > max[0] || (major == max[0] && minor > max[1]);
        return newer ? "/v" + max[0] + "." + max[1] + m.group(3) : uri;
    }
}
