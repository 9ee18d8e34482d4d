package dev.skep.cli.format;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A table laid out like docker's formatter: Go's tabwriter with a minimum cell width of 10, padding 3 and
 * spaces. Every column but the last is padded to its widest cell plus padding; the last is printed as is.
 */
public final class Table {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        rows.add(List.of(header));
    }

    /** A table without a header row (for callers that print one line per object). */
    public static Table withoutHeader() {
        Table t = new Table();
        t.rows.clear();
        return t;
    }

    public Table row(String... cells) {
        List<String> r = new ArrayList<>();
        for (String c : cells) r.add(c == null ? "" : c);
        rows.add(r);
        return this;
    }

    public String render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() - 1; i++) {
                widths[i] = Math.max(widths[i], Math.max(MIN_WIDTH, width(r.get(i)) + PADDING));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                sb.append(cell);
                if (i < r.size() - 1) sb.append(" ".repeat(widths[i] - width(cell)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public void print(PrintStream out) {
        out.print(render());
        out.flush();
    }

    /** Display width in code points, as tabwriter counts UTF-8 characters. */
    static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
