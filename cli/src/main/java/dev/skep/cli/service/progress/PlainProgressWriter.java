package dev.skep.cli.service.progress;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress when stdout is not a terminal: no cursor movement; a line is printed each time its text changes,
 * so a log shows every step once instead of a redraw every 200 ms.
 */
public class PlainProgressWriter implements ProgressWriter {
    private final PrintStream out;
    private final Map<String, String> last = new HashMap<>();

    public PlainProgressWriter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void progress(String id, String action, long current, long total) {
        String text = (id + ": " + action + " " + ProgressWriter.bar(current, total)).stripTrailing();
        if (text.equals(last.put(id, text))) return;
        out.println(text);
        out.flush();
    }

    @Override
    public void message(String text) {
        last.clear();
        out.println(text);
        out.flush();
    }
}
