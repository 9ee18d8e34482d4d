package dev.skep.cli.secret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep secret|config create [OPTIONS] NAME FILE|-}: the file is read here, on the client, as docker does. */
abstract class CreateBase extends SkepCommand {
    @Option(
            names = {"-l", "--label"},
            description = "Labels")
    List<String> labels = new ArrayList<>();

    @Option(names = "--template-driver", description = "Template driver")
    String templateDriver;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FILE|-", arity = "0..1")
    String file;

    abstract Kind kind();

    /** The kind's extra spec fields ({@code Driver} for a secret). */
    void extra(Map<String, Object> spec) {}

    @Override
    protected void execute() throws IOException {
        if (file == null) throw new CliException("\"create\" requires exactly 2 arguments: NAME and FILE (or -)");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("Name", name);
        spec.put("Labels", map(labels));
        spec.put("Data", read(file));
        extra(spec);
        if (templateDriver != null && !templateDriver.isEmpty()) spec.put("Templating", Map.of("Name", templateDriver));
        JsonNode created = api().client().post(kind().path() + "/create", null, spec);
        out().println(created.path("ID").asText());
    }

    private static byte[] read(String file) throws IOException {
        if (file.equals("-")) {
            try (InputStream in = System.in) {
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(file));
    }

    static Map<String, String> map(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            out.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
        }
        return out;
    }
}
