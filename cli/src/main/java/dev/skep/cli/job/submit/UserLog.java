package dev.skep.cli.job.submit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A job's {@code log} file in the shape of HTCondor's user log: events numbered 000 (submitted), 001 (executing),
 * 005 (terminated) and 012 (held), each headed by {@code (cluster.process.000)} and a local time, ended by
 * {@code ...}. A process's end is written once: a log that already has it is left alone.
 */
public final class UserLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path file;
    private final ZoneId zone;
    private final boolean followLinks;

    public UserLog(Path file, ZoneId zone) {
        this(file, zone, true);
    }

    /** {@code followLinks} false: the file is never reached through a symbolic link (O_NOFOLLOW). */
    public UserLog(Path file, ZoneId zone, boolean followLinks) {
        this.file = file;
        this.zone = zone;
        this.followLinks = followLinks;
    }

    public void submitted(long cluster, long process, Instant at, String host) {
        append(header("000", cluster, process, at) + " Job submitted from host: " + host + "\n...\n");
    }

    /**
     * Appends the executing and terminated (or held) events of a finished process, unless already there.
     * {@code exitCode} null means the process never got to exit: it is held with {@code reason}.
     */
    public void finished(
            long cluster, long process, String node, Instant started, Instant ended, Long exitCode, String reason) {
        if (hasEnd(cluster, process)) return;
        StringBuilder b = new StringBuilder();
        if (exitCode != null) {
            b.append(header("001", cluster, process, started))
                    .append(" Job executing on host: ")
                    .append(node)
                    .append("\n...\n");
            b.append(header("005", cluster, process, ended))
                    .append(" Job terminated.\n")
                    .append("\t(1) Normal termination (return value ")
                    .append(exitCode)
                    .append(")\n...\n");
        } else {
            b.append(header("012", cluster, process, ended))
                    .append(" Job was held.\n\t")
                    .append(reason == null || reason.isEmpty() ? "the task did not run" : reason)
                    .append("\n...\n");
        }
        append(b.toString());
    }

    private boolean hasEnd(long cluster, long process) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return false;
        try (InputStream in = Files.newInputStream(file, options(StandardOpenOption.READ))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String id = id(cluster, process);
            return text.contains("005 " + id) || text.contains("012 " + id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String header(String event, long cluster, long process, Instant at) {
        return event + " " + id(cluster, process) + " " + TIME.format((at == null ? Instant.now() : at).atZone(zone));
    }

    private static String id(long cluster, long process) {
        return String.format("(%03d.%03d.000)", cluster, process);
    }

    private OpenOption[] options(OpenOption... options) {
        if (followLinks) return options;
        OpenOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = LinkOption.NOFOLLOW_LINKS;
        return all;
    }

    private void append(String text) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    text.getBytes(StandardCharsets.UTF_8),
                    options(StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
