package dev.skep.cli.job.submit;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The submit-description macros Skep knows: {@code $(Process)} / {@code $(ProcId)} (the process number within
 * the cluster) and {@code $(Cluster)} / {@code $(ClusterId)}. Names are case-insensitive, as in HTCondor.
 */
public final class Macros {
    /** What {@code $(Process)} becomes in a service spec: the executor puts the task's slot there. */
    public static final String SLOT_PLACEHOLDER = "{{.Task.Slot}}";

    private static final Pattern MACRO = Pattern.compile("\\$\\(([^()]*)\\)");

    private Macros() {}

    /** Replaces every known macro; unknown ones are left as they are (the parser rejects them first). */
    public static String expand(String text, String cluster, String process) {
        if (text == null) return null;
        Matcher m = MACRO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1).strip().toLowerCase(Locale.ROOT)) {
                case "process", "procid" -> process;
                case "cluster", "clusterid" -> cluster;
                default -> m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The first macro in the text that is not one of the known ones, if any. */
    public static Optional<String> firstUnknown(String text) {
        Matcher m = MACRO.matcher(text);
        while (m.find()) {
            String name = m.group(1).strip().toLowerCase(Locale.ROOT);
            if (!name.equals("process")
                    && !name.equals("procid")
                    && !name.equals("cluster")
                    && !name.equals("clusterid")) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }
}
