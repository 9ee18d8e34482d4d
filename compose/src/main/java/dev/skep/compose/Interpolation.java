package dev.skep.compose;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compose's variable substitution in scalar values: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}
 * (unset or empty), {@code ${VAR-default}} (unset), {@code ${VAR:?message}} / {@code ${VAR?message}} (required),
 * {@code ${VAR:+alt}} / {@code ${VAR+alt}} and {@code $$} for a literal dollar.
 */
final class Interpolation {
    private final Map<String, String> env;
    private final Consumer<String> warnings;

    Interpolation(Map<String, String> env, Consumer<String> warnings) {
        this.env = env;
        this.warnings = warnings;
    }

    /** Substitutes {@code text}; a problem is an {@link IllegalArgumentException} the caller places in the file. */
    String apply(String text) {
        if (text.indexOf('$') < 0) return text;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) throw invalid(text);
                out.append(braced(text.substring(i + 2, end), text));
                i = end + 1;
            } else {
                int end = i + 1;
                while (end < text.length() && isNameChar(text.charAt(end), end == i + 1)) end++;
                if (end == i + 1) throw invalid(text);
                out.append(lookup(text.substring(i + 1, end)));
                i = end;
            }
        }
        return out.toString();
    }

    private String braced(String expr, String text) {
        int nameEnd = 0;
        while (nameEnd < expr.length() && isNameChar(expr.charAt(nameEnd), nameEnd == 0)) nameEnd++;
        if (nameEnd == 0) throw invalid(text);
        String name = expr.substring(0, nameEnd);
        String rest = expr.substring(nameEnd);
        if (rest.isEmpty()) return lookup(name);
        String value = env.get(name);
        for (String op : List.of(":-", ":?", ":+", "-", "?", "+")) {
            if (!rest.startsWith(op)) continue;
            String arg = rest.substring(op.length());
            boolean colon = op.startsWith(":");
            boolean missing = value == null || (colon && value.isEmpty());
            switch (op.charAt(op.length() - 1)) {
                case '-':
                    return missing ? arg : value;
                case '?':
                    if (missing) {
                        throw new IllegalArgumentException("required variable " + name + " is missing a value"
                                + (arg.isEmpty() ? "" : ": " + arg));
                    }
                    return value;
                default:
                    return missing ? "" : arg;
            }
        }
        throw invalid(text);
    }

    private String lookup(String name) {
        String value = env.get(name);
        if (value == null) {
            warnings.accept("The " + name + " variable is not set. Defaulting to a blank string.");
            return "";
        }
        return value;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "invalid interpolation format for \"" + text + "\": you may need to escape any $ with another $");
    }
}
