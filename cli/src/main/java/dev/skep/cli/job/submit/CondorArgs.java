package dev.skep.cli.job.submit;

import java.util.ArrayList;
import java.util.List;

/**
 * The two syntaxes of {@code arguments} and {@code environment} (condor_submit manual). The new syntax wraps the
 * whole value in double quotes, separates entries by white space, groups white space with single quotes, and
 * writes a literal quote by doubling it ({@code ""} or {@code ''}). The old syntax separates arguments by white
 * space with {@code \"} for a literal double quote, and environment entries by {@code ;}.
 */
final class CondorArgs {
    private CondorArgs() {}

    static List<String> arguments(String value) {
        String v = value.strip();
        if (isNewSyntax(v)) return tokens(v.substring(1, v.length() - 1));
        List<String> out = new ArrayList<>();
        for (String word : v.split("\\s+")) {
            if (word.isEmpty()) continue;
            if (word.replace("\\\"", "").contains("\"")) {
                throw new IllegalArgumentException("in the old arguments syntax a double quote must be written \\\" "
                        + "(or surround the whole value with double quotes for the new syntax)");
            }
            out.add(word.replace("\\\"", "\""));
        }
        return out;
    }

    /** {@code NAME=value} entries. */
    static List<String> environment(String value) {
        String v = value.strip();
        List<String> entries = isNewSyntax(v) ? tokens(v.substring(1, v.length() - 1)) : oldEnvironment(v);
        for (String e : entries) {
            if (e.indexOf('=') <= 0)
                throw new IllegalArgumentException("environment entry '" + e + "' is not NAME=value");
        }
        return entries;
    }

    private static List<String> oldEnvironment(String v) {
        List<String> out = new ArrayList<>();
        for (String entry : v.split(";")) {
            if (!entry.isBlank()) out.add(entry.strip());
        }
        return out;
    }

    private static boolean isNewSyntax(String v) {
        if (!v.startsWith("\"")) return false;
        if (v.length() < 2 || !v.endsWith("\"")) {
            throw new IllegalArgumentException("a value starting with a double quote must also end with one");
        }
        return true;
    }

    /** Splits the inside of a new-syntax value. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean doubled = i + 1 < s.length() && s.charAt(i + 1) == c;
            if (c == '"') {
                if (!doubled)
                    throw new IllegalArgumentException("a double quote inside the value must be doubled (\"\")");
                current.append('"');
                inToken = true;
                i++;
            } else if (c == '\'') {
                if (quoted && doubled) {
                    current.append('\'');
                    i++;
                } else {
                    quoted = !quoted;
                    inToken = true;
                }
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inToken) out.add(current.toString());
                current.setLength(0);
                inToken = false;
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("unterminated single quote");
        if (inToken) out.add(current.toString());
        return out;
    }
}
