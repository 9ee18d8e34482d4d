package dev.skep.cli.service.progress;

/**
 * Where convergence progress goes. A progress line has an ID ("overall progress", "1/3", a node ID) and is
 * redrawn in place when the ID shows up again; a message is a line of its own.
 */
public interface ProgressWriter {
    void progress(String id, String action, long current, long total);

    void message(String text);

    /** The progress bar docker draws for current/total, 50 characters wide, followed by a space. */
    static String bar(long current, long total) {
        if (total <= 0) return "";
        int filled = (int) (((double) current / total * 100)) / 2;
        filled = Math.min(filled, 50);
        return "[" + "=".repeat(filled) + ">" + " ".repeat(Math.max(0, 50 - filled)) + "] ";
    }

    /** A writer that drops everything ({@code --quiet}). */
    ProgressWriter DISCARD = new ProgressWriter() {
        @Override
        public void progress(String id, String action, long current, long total) {}

        @Override
        public void message(String text) {}
    };
}
