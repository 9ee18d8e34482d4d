package dev.skep.daemon.http;

import dev.skep.api.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one client may cost the daemon: at most {@code maxConnections} open connections per listener, a JSON body
 * of at most {@code maxBody} bytes (413 beyond, never buffered further), the request head within
 * {@code headerTimeout} of its first byte, and at most {@code idleTimeout} of silence while a request is awaited
 * or its body uploaded. A request being served (a Raft commit, a followed log or event stream) has no deadline.
 */
public record ConnectionLimits(int maxBody, int maxConnections, Duration headerTimeout, Duration idleTimeout) {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    public static final int DEFAULT_MAX_BODY = 10 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(
                DEFAULT_MAX_BODY, DEFAULT_MAX_CONNECTIONS, Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    public ConnectionLimits {
        if (maxBody <= 0) throw new IllegalArgumentException("the request body limit must be positive");
        if (maxConnections <= 0) throw new IllegalArgumentException("the connection limit must be positive");
    }

    /** A per-listener counter of open connections. */
    Counter counter() {
        return new Counter(new AtomicInteger(), maxConnections);
    }

    /** Counts open connections; over the cap a new one is closed at once. */
    record Counter(AtomicInteger open, int max) {
        /** True if {@code ch} may stay; it is then uncounted when it closes. */
        boolean admit(Channel ch) {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                LOG.warn("client API connection from {} refused: {} connections are open", ch.remoteAddress(), max);
                ch.close();
                return false;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            return true;
        }
    }

    RequestClock clock() {
        return new RequestClock(headerTimeout, idleTimeout);
    }

    /** The body aggregator for Skep's own routes, answering an oversized body with a JSON 413 and closing. */
    HttpObjectAggregator aggregator() {
        return new HttpObjectAggregator(maxBody) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                ctx.writeAndFlush(tooLarge(maxBody)).addListener(ChannelFutureListener.CLOSE);
            }
        };
    }

    static FullHttpResponse tooLarge(int maxBody) {
        byte[] body = Json.write(Map.of(
                "message",
                "request body too large: at most " + maxBody + " bytes are accepted (skep daemon --max-request-body)"));
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    /**
     * One connection's deadlines. Waiting for a request or reading its body, silence longer than the idle
     * timeout closes the connection; once a request's first byte is in, its head must be complete within the
     * header timeout (slow-loris). From the end of the request until the end of the answer nothing is timed.
     * Runs on the channel's event loop only.
     */
    static final class RequestClock {
        private enum Phase {
            WAITING,
            HEAD,
            BODY,
            SERVING
        }

        private final Duration headerTimeout;
        private final Duration idleTimeout;
        private Phase phase = Phase.WAITING;
        private ScheduledFuture<?> deadline;
        /** Goes in front of the HTTP codec: sees a request's raw bytes as they arrive. */
        final ChannelInboundHandlerAdapter raw = new Raw();
        /** Goes between the HTTP codec and the aggregator: sees request heads and ends, and answers. */
        final ChannelDuplexHandler messages = new Messages();

        RequestClock(Duration headerTimeout, Duration idleTimeout) {
            this.headerTimeout = headerTimeout;
            this.idleTimeout = idleTimeout;
        }

        private void arm(ChannelHandlerContext ctx, Duration after, String why) {
            disarm();
            deadline = ctx.executor()
                    .schedule(
                            () -> {
                                LOG.debug(
                                        "closing client API connection {}: {}",
                                        ctx.channel().remoteAddress(),
                                        why);
                                ctx.channel().close();
                            },
                            after.toNanos(),
                            TimeUnit.NANOSECONDS);
        }

        private void disarm() {
            if (deadline != null) deadline.cancel(false);
            deadline = null;
        }

        private final class Raw extends ChannelInboundHandlerAdapter {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                arm(ctx, idleTimeout, "idle");
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b && b.isReadable()) {
                    if (phase == Phase.WAITING) {
                        phase = Phase.HEAD;
                        arm(ctx, headerTimeout, "request head not complete in time");
                    } else if (phase == Phase.BODY) {
                        arm(ctx, idleTimeout, "request body stalled");
                    }
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                disarm();
                ctx.fireChannelInactive();
            }
        }

        private final class Messages extends ChannelDuplexHandler {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest && phase == Phase.HEAD) {
                    phase = Phase.BODY;
                    arm(ctx, idleTimeout, "request body stalled");
                }
                if (msg instanceof LastHttpContent && phase == Phase.BODY) {
                    phase = Phase.SERVING;
                    disarm();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                // 100 Continue and 101 Switching Protocols do not end the exchange
                boolean interim =
                        msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (msg instanceof LastHttpContent && !interim) {
                    promise.addListener(f -> {
                        if (ctx.executor().inEventLoop()) answered(ctx);
                        else ctx.executor().execute(() -> answered(ctx));
                    });
                }
                ctx.write(msg, promise);
            }

            private void answered(ChannelHandlerContext ctx) {
                phase = Phase.WAITING;
                if (ctx.channel().isActive()) arm(ctx, idleTimeout, "idle");
            }
        }
    }
}
