package dev.skep.api.validation;

import java.util.regex.Pattern;

/**
 * The shape of a placement constraint, {@code key==value} or {@code key!=value}, with SwarmKit's
 * character rules for keys and values. The scheduler decides what a constraint matches.
 */
public final class ConstraintSyntax {
    private static final Pattern KEY = Pattern.compile("(?i)^[a-z_][a-z0-9\\-_.]+$");
    private static final Pattern VALUE = Pattern.compile("(?i)^[a-z0-9:\\-_\\s.*()?+\\[\\]\\\\^$|/]+$");

    private ConstraintSyntax() {
    }

    /** Why the expression is not a valid constraint, or null when it is. */
    public static String problem(String expr) {
        if (expr == null) return "constraint expected one operator from ==, !=";
        for (String op : new String[] {"==", "!="}) {
            int at = expr.indexOf(op);
            if (at < 0) continue;
            String key = expr.substring(0, at).trim();
            String value = expr.substring(at + op.length()).trim();
            if (!KEY.matcher(key).matches()) return "key '" + key + "' is invalid";
            if (!VALUE.matcher(value).matches()) return "value '" + value + "' is invalid";
            return null;
        }
        return "constraint expected one operator from ==, !=";
    }
}
