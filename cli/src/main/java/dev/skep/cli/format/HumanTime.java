package dev.skep.cli.format;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Durations for people, worded as docker's go-units {@code HumanDuration} words them. */
public final class HumanTime {
    private HumanTime() {}

    public static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = seconds / 60;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        double exactHours = d.toNanos() / 3_600_000_000_000.0;
        long hours = (long) (exactHours + 0.5);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return (long) exactHours / 24 / 365 + " years";
    }

    /** "5 seconds ago" style, lower-cased as {@code docker service ps} prints CURRENT STATE. */
    public static String ago(Instant then, Instant now) {
        if (then == null) return "";
        return humanDuration(Duration.between(then, now)).toLowerCase(Locale.ROOT) + " ago";
    }
}
