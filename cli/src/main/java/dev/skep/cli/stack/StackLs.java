package dev.skep.cli.stack;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.Table;
import dev.skep.compose.Stack;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;

/** {@code skep stack ls}: NAME and SERVICES, counted from the services carrying the stack label. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List stacks")
public class StackLs extends SkepCommand {
    @Override
    protected void execute() {
        Map<String, Integer> stacks = new TreeMap<>();
        for (Service s : api().services(Filters.empty().add("label", Stack.NAMESPACE_LABEL), false)) {
            String name = s.spec().labels() == null ? null : s.spec().labels().get(Stack.NAMESPACE_LABEL);
            if (name != null) stacks.merge(name, 1, Integer::sum);
        }
        Table t = new Table("NAME", "SERVICES");
        stacks.forEach((name, count) -> t.row(name, Integer.toString(count)));
        t.print(out());
    }
}
