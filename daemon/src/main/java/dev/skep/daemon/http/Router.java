package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method + path pattern to handler. Patterns use {@code {name}} for one segment and {@code {name*}} for
 * the rest of a path with slashes (image names). Any {@code /vX.Y} prefix is stripped first.
 */
public final class Router {
    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v[0-9]+(?:\\.[0-9]+)?(?=/)");

    /** Handles one request. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    private record Route(String method, Pattern pattern, List<String> names, Handler handler) {}

    /** A matched route with its path parameters. */
    public record Match(Handler handler, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{([a-zA-Z]+)(\\*?)}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?$");
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler));
        return this;
    }

    public Router get(String template, Handler handler) {
        return add("GET", template, handler);
    }

    public Router post(String template, Handler handler) {
        return add("POST", template, handler);
    }

    public Router delete(String template, Handler handler) {
        return add("DELETE", template, handler);
    }

    public Router head(String template, Handler handler) {
        return add("HEAD", template, handler);
    }

    /** The route for a request; 404 "page not found" when none matches, as dockerd answers. */
    public Match match(String method, String rawPath) {
        Match match = find(method, rawPath);
        if (match == null) throw ApiException.notFound("page not found");
        return match;
    }

    /**
     * True when Skep serves this method and path itself; every other request goes to the node's Docker Engine
     * ({@link EngineProxy}). Decided on the request line alone, before any body is read.
     */
    public boolean serves(String method, String rawPath) {
        return find(method, rawPath) != null;
    }

    private Match find(String method, String rawPath) {
        String path = stripVersion(rawPath);
        for (Route r : routes) {
            if (!r.method().equals(method)) continue;
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) continue;
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < r.names().size(); i++) params.put(r.names().get(i), m.group(i + 1));
            return new Match(r.handler(), params);
        }
        return null;
    }

    static String stripVersion(String path) {
        return VERSION_PREFIX.matcher(path).replaceFirst("");
    }
}
