package dev.skep.cli.service.progress;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress on a terminal, drawn as docker's jsonmessage stream does: each ID owns a line; an update moves the
 * cursor up to that line, clears and redraws it, and moves back down.
 */
public class TerminalProgressWriter implements ProgressWriter {
    private static final String ESC = "\u001b[";

    private final PrintStream out;
    private final Map<String, Integer> lines = new HashMap<>();

    public TerminalProgressWriter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void progress(String id, String action, long current, long total) {
        Integer line = lines.get(id);
        if (line == null) {
            line = lines.size();
            lines.put(id, line);
            out.print("\n");
        }
        int diff = lines.size() - line;
        out.print(ESC + diff + "A");
        out.print(ESC + "2K\r");
        out.print(id + ": " + action + " " + ProgressWriter.bar(current, total) + "\r");
        out.print(ESC + diff + "B");
        out.flush();
    }

    @Override
    public void message(String text) {
        lines.clear();
        out.print(text + "\n");
        out.flush();
    }
}
