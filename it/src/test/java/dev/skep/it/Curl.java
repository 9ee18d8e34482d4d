package dev.skep.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Raw Engine API requests over a unix socket, for input the docker CLI refuses to send. */
final class Curl {
    private static final String STATUS_MARK = "\n@@status=";

    record Response(int status, String body) {}

    private Curl() {}

    static Response request(Path socket, String method, String path, String jsonBody) {
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--max-time",
                "30",
                "--unix-socket",
                socket.toString(),
                "-X",
                method,
                "-w",
                STATUS_MARK + "%{http_code}"));
        if (jsonBody != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", jsonBody));
        }
        command.add("http://skep" + path);
        CommandResult result =
                Commands.run(command, Map.of(), Duration.ofSeconds(40)).assertSuccess();
        int mark = result.stdout().lastIndexOf(STATUS_MARK);
        return new Response(
                Integer.parseInt(
                        result.stdout().substring(mark + STATUS_MARK.length()).strip()),
                result.stdout().substring(0, mark));
    }
}
