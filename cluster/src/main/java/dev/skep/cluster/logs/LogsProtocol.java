package dev.skep.cluster.logs;

import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.model.Task;
import dev.skep.cluster.Methods;
import io.grpc.MethodDescriptor;
import java.util.List;

/**
 * {@code skep.Logs}: the log broker on the wire (SwarmKit's {@code ListenSubscriptions} / {@code PublishLogs} /
 * {@code SubscribeLogs}). An agent listens on the connection it already has to the leader, so workers never
 * open a port; it publishes the lines of its tasks back. Another manager subscribes through the leader. The
 * publishing node is always the one named by the caller's certificate.
 */
final class LogsProtocol {
    static final String SERVICE = "skep.Logs";

    record ListenRequest() {}

    /** One message of an agent's listen stream: a subscription to serve, or the ID of one to stop. */
    record ListenMessage(Subscription subscription, String cancel) {}

    /** The tasks of the listening node whose logs a client asked for, and how. */
    record Subscription(String id, List<Task> tasks, LogOptions options) {}

    /** One line without its line end (with docker's timestamp first when asked); stream 1 stdout, 2 stderr. */
    record LogLine(String taskId, int stream, byte[] line) {}

    /** Lines of one subscription, then the tasks whose logs ended (after their lines in the same batch). */
    record PublishRequest(String subscriptionId, List<LogLine> lines, List<String> done) {}

    /** {@code stop}: the subscription is gone (its client left or it was cancelled), stop reading. */
    record PublishResponse(boolean stop) {}

    /** A manager that does not lead asks the leader for these tasks' lines. */
    record SubscribeRequest(List<Task> tasks, LogOptions options) {}

    /** Lines; the last message before the stream ends carries why it is incomplete, if it is. */
    record SubscribeMessage(List<LogLine> lines, List<String> problems) {}

    static final MethodDescriptor<ListenRequest, ListenMessage> LISTEN =
            Methods.serverStreaming(SERVICE, "Listen", ListenRequest.class, ListenMessage.class);
    static final MethodDescriptor<PublishRequest, PublishResponse> PUBLISH =
            Methods.unary(SERVICE, "Publish", PublishRequest.class, PublishResponse.class);
    static final MethodDescriptor<SubscribeRequest, SubscribeMessage> SUBSCRIBE =
            Methods.serverStreaming(SERVICE, "Subscribe", SubscribeRequest.class, SubscribeMessage.class);

    private LogsProtocol() {}
}
