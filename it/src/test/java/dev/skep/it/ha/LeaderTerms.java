package dev.skep.it.ha;

import dev.skep.it.SkepProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which node became leader in which Raft term, read from the line {@code ManagerRole} logs when a manager
 * starts leading ("this manager is now the leader (term N)"). Logs survive restarts (they are appended to),
 * so the history covers every incarnation of every manager.
 */
public final class LeaderTerms {
    private static final Pattern LEADER_LINE = Pattern.compile("this manager is now the leader \\(term (\\d+)\\)");

    public record Leadership(String node, long term) {}

    private LeaderTerms() {}

    public static List<Leadership> read(List<SkepProcess> managers) {
        List<Leadership> out = new ArrayList<>();
        for (SkepProcess manager : managers) {
            try {
                for (String line : Files.readAllLines(manager.logFile(), StandardCharsets.UTF_8)) {
                    Matcher m = LEADER_LINE.matcher(line);
                    if (m.find()) {
                        out.add(new Leadership(manager.nodeName(), Long.parseLong(m.group(1))));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Terms that more than one node claims to have led: must be empty in a correct Raft. */
    public static Map<Long, Set<String>> termsWithSeveralLeaders(List<Leadership> history) {
        Map<Long, Set<String>> byTerm = new TreeMap<>();
        for (Leadership l : history) {
            byTerm.computeIfAbsent(l.term(), t -> new TreeSet<>()).add(l.node());
        }
        byTerm.values().removeIf(nodes -> nodes.size() < 2);
        return byTerm;
    }
}
