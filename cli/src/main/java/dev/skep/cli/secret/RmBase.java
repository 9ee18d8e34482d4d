package dev.skep.cli.secret;

import dev.skep.api.errors.ApiException;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** {@code skep secret|config rm NAME...}: refused by the manager while a service uses it. */
abstract class RmBase extends SkepCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> refs = new ArrayList<>();

    abstract Kind kind();

    @Override
    protected void execute() {
        List<String> errors = new ArrayList<>();
        for (String ref : refs) {
            try {
                api().client().delete(kind().path() + "/" + URLEncoder.encode(ref, StandardCharsets.UTF_8), null);
                out().println(ref);
            } catch (ApiException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}
