package dev.skep.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code KEY=VALUE} files: the {@code .env} next to a compose file (variables for interpolation) and a
 * service's {@code env_file}. Blank lines and {@code #} comments are skipped; matching outer quotes are removed;
 * a line with a bare {@code KEY} takes its value from the environment, or is left out.
 */
final class DotEnv {
    private DotEnv() {}

    static Map<String, String> read(Path file, Map<String, String> environment) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            String key = (eq < 0 ? line : line.substring(0, eq)).strip();
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new ComposeException(
                        file.getFileName() + ":" + number + ": invalid variable name \"" + key + "\"");
            }
            if (eq < 0) {
                String inherited = environment.get(key);
                if (inherited != null) values.put(key, inherited);
                continue;
            }
            values.put(key, unquote(line.substring(eq + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                String inner = value.substring(1, value.length() - 1);
                return first == '"' ? inner.replace("\\n", "\n").replace("\\\"", "\"") : inner;
            }
        }
        int comment = value.indexOf(" #");
        return comment < 0 ? value : value.substring(0, comment).strip();
    }
}
