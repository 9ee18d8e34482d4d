package dev.skep.cli.service;

import java.util.ArrayList;
import java.util.List;

/** Splits a string into words as a POSIX shell would ({@code --entrypoint}, {@code --args}). */
final class Shlex {
    private Shlex() {
    }

    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()
                        && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new dev.skep.cli.CliException("EOF found when expecting closing quote");
        if (inWord) words.add(cur.toString());
        return words;
    }
}
