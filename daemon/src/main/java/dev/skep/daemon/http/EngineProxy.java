package dev.skep.daemon.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's requests for the node's Docker Engine: each goes to dockerd as the client sent it (head,
 * then the body as it arrives) and dockerd's answer comes back as dockerd wrote it, streamed in both directions with
 * back-pressure: a side that cannot keep up stops the other side's reads. A connection upgrade that dockerd accepts
 * ({@code Upgrade: tcp} for attach and exec, {@code h2c} for a build session) turns both connections into a byte pipe
 * with half-closes passed on, as the docker CLI's hijacked streams expect.
 *
 * <p>The engine connection runs on the client connection's event loop, so every step below happens on one thread;
 * it is kept for the client's next engine request while both sides keep the connection alive. The client's next
 * request is read only once the current exchange is over, so answers keep the order of the requests.
 */
final class EngineProxy {
    private static final Logger LOG = LoggerFactory.getLogger(EngineProxy.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int MAX_CHUNK = 64 * 1024;
    private static final int MAX_PARTS = 1024;

    private final EngineAddress engine;
    private final EngineApiVersion versions;
    private final Channel client;
    /** Parts of the current request that arrived before the engine connection was ready. */
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();

    private Channel backend;
    /** The current engine connection can take the request (connected, and the API version is known). */
    private boolean ready;
    /** The current engine connection's first answer is to Skep's own {@code /_ping}, not the client's request. */
    private boolean probing;

    private boolean keepAlive;
    private boolean headRequest;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean responseDone = true;
    private boolean upgraded;
    private boolean connecting;
    private boolean lookingUp;
    private boolean engineDown;
    /** Whether the current request's hijacked stream carries the client's stdin. */
    private boolean stdin;

    private final EngineDocuments documents;

    EngineProxy(EngineAddress engine, EngineApiVersion versions, Channel client) {
        this.engine = engine;
        this.versions = versions;
        this.documents = new EngineDocuments(engine);
        this.client = client;
    }

    boolean upgraded() {
        return upgraded;
    }

    /** The head of a request for the engine; its body follows through {@link #forward}. */
    void request(HttpRequest head) {
        keepAlive = HttpUtil.isKeepAlive(head);
        headRequest = HttpMethod.HEAD.equals(head.method());
        requestDone = false;
        responseStarted = false;
        responseDone = false;
        engineDown = false;
        stdin = HijackedInput.attachStdin(head);
        String exec = HijackedInput.upgrade(head) ? HijackedInput.execStart(head) : null;
        waiting.add(head);
        if (exec != null) {
            lookUpExecStdin(exec);
        } else {
            proceed();
        }
    }

    /** Sends what waits when the engine connection is ready, else opens one. */
    private void proceed() {
        if (canSend()) {
            sendWaiting();
        } else if (!connecting) {
            connect();
        }
    }

    private void sendWaiting() {
        if (!canSend()) return;
        while (!waiting.isEmpty()) send(waiting.poll());
        if (!requestDone) client.config().setAutoRead(backend.isWritable());
    }

    /** An exec's stdin is part of its creation, not of the start request: ask the engine before starting. */
    private void lookUpExecStdin(String exec) {
        client.config().setAutoRead(false);
        lookingUp = true;
        Thread.ofVirtual().name("exec-stdin").start(() -> {
            boolean open = documents
                    .get("/exec/" + exec + "/json")
                    .map(j -> j.path("OpenStdin").asBoolean(true))
                    .orElse(true);
            client.eventLoop().execute(() -> {
                lookingUp = false;
                stdin = open;
                proceed();
            });
        });
    }

    /** A part of the current request's body (the last one ends it). */
    void forward(HttpContent part) {
        boolean last = part instanceof LastHttpContent;
        if (engineDown) {
            part.release(); // the engine did not answer; the client has its 502 already
        } else if (canSend() && waiting.isEmpty()) {
            send(part);
        } else {
            waiting.add(part);
        }
        if (last) {
            requestDone = true;
            if (!responseDone) client.config().setAutoRead(false);
        }
    }

    private boolean canSend() {
        return backend != null && ready && !lookingUp && backend.isActive();
    }

    /** Bytes from the client after an upgrade. */
    void raw(ByteBuf bytes) {
        if (backend == null || !backend.isActive()) {
            bytes.release();
            return;
        }
        backend.writeAndFlush(bytes);
        if (!backend.isWritable()) client.config().setAutoRead(false);
    }

    /** The client stopped sending (a hijacked stream's stdin ended): tell the engine the same way. */
    void clientInputShutdown() {
        if (backend instanceof DuplexChannel d && backend.isActive()) {
            backend.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> d.shutdownOutput());
        }
        closeWhenBothShut(client);
    }

    void clientClosed() {
        releaseWaiting();
        if (backend != null) backend.close();
    }

    void clientWritabilityChanged() {
        if (backend != null && (upgraded || !responseDone)) backend.config().setAutoRead(client.isWritable());
    }

    private void connect() {
        client.config().setAutoRead(false);
        ready = false;
        connecting = true;
        Bootstrap bootstrap = new Bootstrap()
                .group(client.eventLoop())
                .channelFactory(engine.channels())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HttpDecoderConfig decoding = new HttpDecoderConfig()
                                .setMaxChunkSize(MAX_CHUNK)
                                .setMaxHeaderSize(64 * 1024);
                        ch.pipeline().addLast(new HttpClientCodec(decoding, false, false), new Reply());
                    }
                });
        var connection = bootstrap.connect(engine.address());
        backend = connection.channel();
        connection.addListener(f -> {
            connecting = false;
            if (!f.isSuccess()) {
                notAnswering(f.cause());
            } else if (versions.known()) {
                connected();
            } else {
                // the first connection learns which API versions the engine serves before the client's request
                probing = true;
                DefaultFullHttpRequest ping =
                        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/_ping");
                ping.headers().set(HttpHeaderNames.HOST, "docker"); // Go's server refuses HTTP/1.1 without a Host
                backend.writeAndFlush(ping);
            }
        });
    }

    private void connected() {
        ready = true;
        sendWaiting();
    }

    private void send(HttpObject part) {
        if (part instanceof HttpRequest head) head.setUri(versions.clamp(head.uri()));
        backend.writeAndFlush(part);
        if (!backend.isWritable() && !requestDone) client.config().setAutoRead(false);
    }

    private void notAnswering(Throwable cause) {
        engineDown = true;
        releaseWaiting();
        if (backend != null) backend.close();
        backend = null;
        ready = false;
        String reason = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
        LOG.debug("{}{}", engine.notAnswering(), reason);
        if (responseStarted) {
            client.close();
            return;
        }
        responseStarted = true;
        ApiResponse.Full error = (ApiResponse.Full) ApiResponse.error(502, engine.notAnswering() + reason);
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY, Unpooled.wrappedBuffer(error.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, error.contentType());
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, error.body().length);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseWaiting() {
        while (!waiting.isEmpty()) ReferenceCountUtil.release(waiting.poll());
    }

    /** The end of dockerd's answer to a plain request: the client's next request may be read. */
    private void responseDone(boolean engineKeepsAlive, boolean delimited) {
        responseDone = true;
        if (!keepAlive || !engineKeepsAlive || !delimited) {
            backend.close();
            backend = null;
            ready = false;
        }
        if (!keepAlive || !delimited) {
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        client.flush();
        if (requestDone) {
            client.config().setAutoRead(true);
            client.read();
        }
    }

    /** dockerd switched protocols: from here on both connections carry bytes, not HTTP. */
    private void upgrade() {
        upgraded = true;
        client.flush();
        for (Channel ch : new Channel[] {client, backend})
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        // removing a codec hands the bytes it read but did not decode on as raw bytes, in order
        client.pipeline().remove(HttpServerCodec.class);
        backend.pipeline().remove(HttpClientCodec.class);
        backend.config().setAutoRead(true);
        if (stdin) {
            client.config().setAutoRead(true);
            client.read();
        } else if (client instanceof DuplexChannel d) {
            // nothing more will come from the client but the end of its input, which must not end the connection
            d.shutdownInput();
        }
    }

    private static void closeWhenBothShut(Channel ch) {
        if (ch instanceof DuplexChannel d && d.isInputShutdown() && d.isOutputShutdown()) ch.close();
    }

    /** dockerd's side of the engine connection. */
    private final class Reply extends ChannelInboundHandlerAdapter {
        private boolean interim;
        /** Body parts read in one go, sent to the client as one chunk (dockerd writes a log line per chunk). */
        private CompositeByteBuf body;

        private boolean switching;
        private boolean engineKeepsAlive;
        private boolean delimited;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (ctx.channel() != backend) {
                ReferenceCountUtil.release(msg); // an engine connection this client no longer uses
                return;
            }
            if (probing) {
                probe(msg);
                return;
            }
            if (msg instanceof ByteBuf bytes) {
                client.write(bytes);
            } else if (msg instanceof HttpObject part) {
                relay(part);
            } else {
                ReferenceCountUtil.release(msg);
            }
            if (!client.isWritable()) ctx.channel().config().setAutoRead(false);
        }

        private void probe(Object msg) {
            if (msg instanceof HttpResponse r) versions.learn(r.headers().get("Api-Version"));
            boolean end = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (end) {
                probing = false;
                connected();
            }
        }

        private void relay(HttpObject part) {
            if (part instanceof HttpContent c
                    && !(part instanceof LastHttpContent)
                    && !(part instanceof HttpResponse)) {
                if (body == null) body = client.alloc().compositeBuffer(MAX_PARTS);
                body.addComponent(true, c.content());
                return;
            }
            sendBody();
            if (part instanceof HttpResponse head) {
                HttpResponseStatus status = head.status();
                interim = status.codeClass() == HttpStatusClass.INFORMATIONAL
                        && status.code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
                switching = status.code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
                if (!interim) {
                    responseStarted = true;
                    engineKeepsAlive = HttpUtil.isKeepAlive(head);
                    delimited = headRequest || delimited(head);
                }
                versions.learn(head.headers().get("Api-Version"));
            }
            client.write(part);
            if (!(part instanceof LastHttpContent)) return;
            if (interim) {
                interim = false;
                client.flush();
            } else if (switching) {
                upgrade();
            } else {
                responseDone(engineKeepsAlive, delimited);
            }
        }

        /** A body that ends where the connection ends (no length, not chunked) leaves no connection to reuse. */
        private static boolean delimited(HttpResponse head) {
            int code = head.status().code();
            return HttpUtil.isContentLengthSet(head)
                    || HttpUtil.isTransferEncodingChunked(head)
                    || code == HttpResponseStatus.NO_CONTENT.code()
                    || code == HttpResponseStatus.NOT_MODIFIED.code();
        }

        private void sendBody() {
            if (body == null) return;
            client.write(new DefaultHttpContent(body));
            body = null;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (ctx.channel() == backend) {
                sendBody();
                client.flush();
                if (!client.isWritable()) ctx.channel().config().setAutoRead(false);
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel() == backend && (upgraded || !requestDone))
                client.config().setAutoRead(backend.isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && ctx.channel() == backend) {
                // dockerd ended its side of a hijacked stream: the client sees the end after what was sent
                if (client instanceof DuplexChannel d && client.isActive()) {
                    client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                        d.shutdownOutput();
                        closeWhenBothShut(client);
                    });
                }
                closeWhenBothShut(ctx.channel());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (body != null) body.release();
            body = null;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == backend) {
                sendBody();
                backend = null;
                if (upgraded || (responseStarted && !responseDone)) {
                    client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                } else if (!responseDone) {
                    notAnswering(new java.io.IOException("it closed the connection without an answer"));
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("engine connection error", cause);
            ctx.close();
        }
    }
}
