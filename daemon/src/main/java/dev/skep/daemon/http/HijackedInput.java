package dev.skep.daemon.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a hijacked stream (attach, exec start) carries the client's stdin. The docker CLI half-closes its side as
 * soon as the stream is up when there is no stdin, and waits for the output; Netty's NIO unix-socket channel cannot
 * stay half-open (its half-closure option applies to TCP only), so the proxy stops reading such a client instead of
 * seeing that end of input as the end of the connection.
 */
final class HijackedInput {
    private static final Pattern EXEC_START = Pattern.compile("^(?:/v[0-9.]+)?/exec/([^/]+)/start/?$");
    private static final Pattern ATTACH = Pattern.compile("^(?:/v[0-9.]+)?/containers/[^/]+/attach/?$");

    private HijackedInput() {}

    static boolean upgrade(HttpRequest head) {
        return head.headers().contains(HttpHeaderNames.UPGRADE);
    }

    /** The exec ID of an exec start, whose stdin is known only to the engine; null for any other path. */
    static String execStart(HttpRequest head) {
        Matcher m = EXEC_START.matcher(new QueryStringDecoder(head.uri()).path());
        return m.matches() ? m.group(1) : null;
    }

    /** False for an attach that does not ask for stdin; true otherwise (the stream may carry input). */
    static boolean attachStdin(HttpRequest head) {
        QueryStringDecoder uri = new QueryStringDecoder(head.uri());
        if (!ATTACH.matcher(uri.path()).matches()) return true;
        List<String> stdin = uri.parameters().get("stdin");
        if (stdin == null || stdin.isEmpty()) return false;
        String v = stdin.get(0).trim().toLowerCase(java.util.Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("false") || v.equals("no"));
    }
}
