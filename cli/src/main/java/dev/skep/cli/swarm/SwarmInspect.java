package dev.skep.cli.swarm;

import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.JsonPrinter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code skep swarm inspect}: the swarm as {@code GET /swarm} returns it (skep's own; docker shows it in info). */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Display detailed information on the swarm")
public class SwarmInspect extends SkepCommand {
    @Override
    protected void execute() {
        out().print(JsonPrinter.array(List.of(api().inspectSwarmRaw())));
        out().flush();
    }
}
