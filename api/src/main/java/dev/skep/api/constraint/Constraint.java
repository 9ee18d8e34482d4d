package dev.skep.api.constraint;

import dev.skep.api.model.Node;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One placement constraint, {@code key==value} or {@code key!=value}, as SwarmKit's {@code manager/constraint}
 * parses and matches them: the one parser and matcher of the control API's validation, the scheduler, the
 * constraint enforcer and the orchestrators, so they cannot disagree on which node a task may run.
 * Keys are case-insensitive (label names after the prefix are not); values compare case-insensitively.
 * A key the matcher does not know parses fine but never matches, as in SwarmKit.
 */
public final class Constraint {
    public static final String NODE_LABEL_PREFIX = "node.labels.";
    public static final String ENGINE_LABEL_PREFIX = "engine.labels.";

    private static final Pattern KEY = Pattern.compile("(?i)^[a-z_][a-z0-9\\-_.]+$");
    /** Values may not contain operators such as {@code <>~} (current or future ones). */
    private static final Pattern VALUE = Pattern.compile("(?i)^[a-z0-9:\\-_\\s.*()?+\\[\\]\\\\^$|/]+$");

    private static final List<String> OPERATORS = List.of("==", "!=");

    public enum Operator {
        EQ,
        NOT_EQ
    }

    private final String key;
    private final Operator operator;
    private final String value;

    private Constraint(String key, Operator operator, String value) {
        this.key = key;
        this.operator = operator;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public Operator operator() {
        return operator;
    }

    public String value() {
        return value;
    }

    /**
     * Parses placement constraints; the exception's message is SwarmKit's, fit for a 400
     * ({@code constraint expected one operator from ==, !=}, {@code key 'x' is invalid}, {@code value 'x' is invalid}).
     */
    public static List<Constraint> parse(List<String> expressions) {
        List<Constraint> out = new ArrayList<>();
        if (expressions == null) return out;
        for (String e : expressions) out.add(parseOne(e == null ? "" : e));
        return out;
    }

    private static Constraint parseOne(String expression) {
        for (int i = 0; i < OPERATORS.size(); i++) {
            String op = OPERATORS.get(i);
            int at = expression.indexOf(op);
            if (at < 0) continue;
            String k = expression.substring(0, at).strip();
            if (!KEY.matcher(k).matches()) throw new IllegalArgumentException("key '" + k + "' is invalid");
            String v = expression.substring(at + op.length()).strip();
            if (!VALUE.matcher(v).matches()) throw new IllegalArgumentException("value '" + v + "' is invalid");
            return new Constraint(k, Operator.values()[i], v);
        }
        throw new IllegalArgumentException("constraint expected one operator from " + String.join(", ", OPERATORS));
    }

    /**
     * True when the node satisfies every expression; expressions that do not parse count as none, as in
     * SwarmKit's orchestrators and constraint enforcer (the control API refuses them anyway).
     */
    public static boolean allows(List<String> expressions, Node node) {
        if (expressions == null || expressions.isEmpty()) return true;
        List<Constraint> constraints;
        try {
            constraints = parse(expressions);
        } catch (IllegalArgumentException unparsable) {
            return true;
        }
        return nodeMatches(constraints, node);
    }

    /** True when the node satisfies every constraint. */
    public static boolean nodeMatches(List<Constraint> constraints, Node node) {
        for (Constraint c : constraints) {
            if (!c.matches(node)) return false;
        }
        return true;
    }

    /** True when the node satisfies this constraint; a missing attribute counts as the empty string. */
    public boolean matches(Node node) {
        String k = key.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "node.id" -> match(node.id());
            case "node.hostname" ->
                match(node.description() == null ? "" : node.description().hostname());
            case "node.ip" ->
                matchIp(node.status() == null ? null : node.status().addr());
            case "node.role" -> match(node.spec() == null ? "" : node.spec().role());
            case "node.platform.os" ->
                match(platform(node) == null ? "" : platform(node).os());
            case "node.platform.arch" ->
                match(platform(node) == null ? "" : platform(node).architecture());
            default -> matchLabel(k, node);
        };
    }

    private boolean matchLabel(String lowerKey, Node node) {
        return isLabel(lowerKey) && match(labelValue(node, key));
    }

    /** True for {@code node.labels.x} and {@code engine.labels.x} (any case), the keys that name a label. */
    public static boolean isLabel(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return (lower.length() > NODE_LABEL_PREFIX.length() && lower.startsWith(NODE_LABEL_PREFIX))
                || (lower.length() > ENGINE_LABEL_PREFIX.length() && lower.startsWith(ENGINE_LABEL_PREFIX));
    }

    /** The node's value for a {@code node.labels.x} / {@code engine.labels.x} key, "" when absent. */
    public static String labelValue(Node node, String labelKey) {
        if (labelKey.toLowerCase(Locale.ROOT).startsWith(NODE_LABEL_PREFIX)) {
            Map<String, String> labels =
                    node.spec() == null ? null : node.spec().labels();
            return label(labels, labelKey.substring(NODE_LABEL_PREFIX.length()));
        }
        Map<String, String> labels =
                node.description() == null || node.description().engine() == null
                        ? null
                        : node.description().engine().labels();
        return label(labels, labelKey.substring(ENGINE_LABEL_PREFIX.length()));
    }

    private static String label(Map<String, String> labels, String name) {
        String v = labels == null ? null : labels.get(name);
        return v == null ? "" : v;
    }

    private static dev.skep.api.model.Placement.Platform platform(Node node) {
        return node.description() == null ? null : node.description().platform();
    }

    private boolean match(String what) {
        boolean equal = value.equalsIgnoreCase(what == null ? "" : what);
        return operator == Operator.EQ ? equal : !equal;
    }

    /** {@code node.ip} takes one address or a CIDR subnet; a malformed one never matches. */
    private boolean matchIp(String nodeAddr) {
        byte[] node = literal(nodeAddr);
        String[] parts = value.split("/", 2);
        byte[] want = literal(parts[0]);
        if (want == null) return false;
        boolean within;
        if (parts.length == 1) {
            within = node != null && java.util.Arrays.equals(node, want);
        } else {
            int bits;
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > want.length * 8) return false;
            within = node != null && node.length == want.length && samePrefix(node, want, bits);
        }
        return operator == Operator.EQ ? within : !within;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        int total = a.length * 8;
        BigInteger mask = BigInteger.ONE
                .shiftLeft(total)
                .subtract(BigInteger.ONE)
                .shiftRight(bits)
                .not();
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
    }

    /** The bytes of an IP literal, or null; never resolves a host name. */
    private static byte[] literal(String s) {
        if (s == null || s.isEmpty() || !s.matches("[0-9a-fA-F:.]+")) return null;
        if (!s.contains(":") && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return null;
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return key + (operator == Operator.EQ ? "==" : "!=") + value;
    }
}
