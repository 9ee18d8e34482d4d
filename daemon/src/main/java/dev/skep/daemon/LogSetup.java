package dev.skep.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * skepd's logging options, applied once at start over the bundled logback configuration: the node name on every
 * line ({@code %property{skep.node}}), {@code --log-level} and {@code --log-format text|json} (logback's own
 * {@link JsonEncoder}: one JSON object a line, for journald or a log shipper).
 */
final class LogSetup {
    static final String NODE_PROPERTY = "skep.node";

    private LogSetup() {}

    /** @throws IllegalArgumentException naming the value when a level or format is unknown */
    static void apply(String nodeName, String level, String format) {
        Level parsed = level == null ? null : parseLevel(level);
        boolean json = parseFormat(format);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return; // another SLF4J binding
        context.putProperty(NODE_PROPERTY, nodeName);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (parsed != null) root.setLevel(parsed);
        if (json) useJson(context, root);
    }

    private static Level parseLevel(String level) {
        Level parsed = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "--log-level must be one of trace, debug, info, warn, error, not " + level);
        }
        return parsed;
    }

    private static boolean parseFormat(String format) {
        if (format == null || format.equals("text")) return false;
        if (format.equals("json")) return true;
        throw new IllegalArgumentException("--log-format must be text or json, not " + format);
    }

    private static void useJson(LoggerContext context, Logger root) {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (!(it.next() instanceof ConsoleAppender<ILoggingEvent> console)) continue;
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithFormattedMessage(true); // the message as text shows it, not only its template
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }
}
