package dev.skep.agent.exec.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;

/** Docker's error text without docker-java's "Status 404: {...}" wrapping, as Swarm shows it in a task's Err. */
public final class DockerErrors {
    private DockerErrors() {}

    public static String message(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage().trim();
        int brace = text.indexOf('{');
        if (brace < 0) return text;
        try {
            JsonNode node = Json.MAPPER.readTree(text.substring(brace));
            JsonNode message = node.get("message");
            return message == null ? text : message.asText();
        } catch (Exception notJson) {
            return text;
        }
    }
}
