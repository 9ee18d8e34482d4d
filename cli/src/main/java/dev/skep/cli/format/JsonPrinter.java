package dev.skep.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON indented like docker inspect's output (Go's json.Indent with four spaces, "key": value). */
public final class JsonPrinter {
    private JsonPrinter() {}

    /** An array of objects, as {@code docker … inspect} prints them, ending with a newline. */
    public static String array(List<JsonNode> items) {
        if (items.isEmpty()) return "[]\n";
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < items.size(); i++) {
            sb.append("    ");
            write(items.get(i), sb, 1);
            sb.append(i < items.size() - 1 ? ",\n" : "\n");
        }
        return sb.append("]\n").toString();
    }

    public static String pretty(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb, 0);
        return sb.append('\n').toString();
    }

    private static void write(JsonNode node, StringBuilder sb, int depth) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                indent(sb, depth + 1);
                sb.append(new TextNode(e.getKey())).append(": ");
                write(e.getValue(), sb, depth + 1);
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
            indent(sb, depth);
            sb.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(sb, depth + 1);
                write(node.get(i), sb, depth + 1);
                sb.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            indent(sb, depth);
            sb.append(']');
        } else {
            sb.append(node.toString());
        }
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append("    ".repeat(depth));
    }
}
