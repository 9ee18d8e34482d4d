package dev.skep.cli.secret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.client.Query;
import dev.skep.cli.format.HumanTime;
import dev.skep.cli.format.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code skep secret|config ls}: docker's columns, sorted by name. {@code --format} takes docker's placeholders for
 * these objects ({@code {{.ID}} {{.Name}} {{.Driver}} {{.CreatedAt}} {{.UpdatedAt}} {{.Labels}}}, a leading
 * {@code table}, or {@code json}); it is not a Go template engine.
 */
abstract class LsBase extends SkepCommand {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

    @Option(
            names = {"-q", "--quiet"},
            description = "Only display IDs")
    boolean quiet;

    @Option(
            names = {"-f", "--filter"},
            description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using placeholders such as {{.Name}}, or json")
    String format;

    abstract Kind kind();

    @Override
    protected void execute() {
        List<JsonNode> objects = new ArrayList<>();
        api().client()
                .get(kind().path(), Query.of().filters(Filters.fromFlags(filters)))
                .forEach(objects::add);
        objects.sort(Comparator.comparing(o -> o.path("Spec").path("Name").asText()));
        if (quiet) {
            objects.forEach(o -> out().println(o.path("ID").asText()));
            return;
        }
        List<Map<String, String>> rows = objects.stream().map(this::fields).toList();
        if (format != null && !format.isEmpty() && !format.equals("table")) {
            printFormatted(rows);
            return;
        }
        List<String> headers = kind() == Kind.SECRET
                ? List.of("ID", "Name", "Driver", "CreatedAt", "UpdatedAt")
                : List.of("ID", "Name", "CreatedAt", "UpdatedAt");
        Table t = new Table(headers.stream().map(LsBase::header).toArray(String[]::new));
        for (Map<String, String> r : rows) t.row(headers.stream().map(r::get).toArray(String[]::new));
        t.print(out());
    }

    private void printFormatted(List<Map<String, String>> rows) {
        if (format.equals("json")) {
            rows.forEach(r -> out().println(Json.text(r)));
            return;
        }
        boolean table = format.startsWith("table ");
        String template = (table ? format.substring(6) : format).replace("\\t", "\t");
        if (table) out().println(expand(template, null));
        rows.forEach(r -> out().println(expand(template, r)));
    }

    /** The template with each placeholder replaced by the row's value (or, for the header, the column's name). */
    private static String expand(String template, Map<String, String> row) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = row == null ? header(key) : row.getOrDefault(key, "");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String header(String key) {
        return switch (key) {
            case "CreatedAt" -> "CREATED";
            case "UpdatedAt" -> "UPDATED";
            default -> key.toUpperCase();
        };
    }

    private Map<String, String> fields(JsonNode o) {
        Map<String, String> f = new LinkedHashMap<>();
        JsonNode spec = o.path("Spec");
        f.put("ID", o.path("ID").asText());
        f.put("Name", spec.path("Name").asText());
        f.put("Driver", spec.path("Driver").path("Name").asText(""));
        f.put("CreatedAt", ago(o.path("CreatedAt").asText(null)));
        f.put("UpdatedAt", ago(o.path("UpdatedAt").asText(null)));
        List<String> labels = new ArrayList<>();
        spec.path("Labels")
                .properties()
                .forEach(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
        f.put("Labels", String.join(",", labels));
        return f;
    }

    private static String ago(String time) {
        if (time == null || time.isEmpty()) return "";
        return HumanTime.ago(Instant.parse(time), Instant.now());
    }
}
