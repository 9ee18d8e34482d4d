package dev.skep.daemon.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to a virtual thread (routes may block on a Raft commit or a log stream) and writes
 * the answer back. Reading pauses while a request is served, so a keep-alive connection's requests are
 * answered in order.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;
    private final ExecutorService executor;
    private final String serverHeader;

    ApiHandler(Router router, ExecutorService executor, String version) {
        this.router = router;
        this.executor = executor;
        this.serverHeader = "Skep/" + version + " (linux)";
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        ctx.channel().config().setAutoRead(false);
        byte[] body = ByteBufUtil.getBytes(msg.content());
        QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
        String method = msg.method().name();
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        HttpVersion protocol = msg.protocolVersion();
        String contentType = msg.headers().get(HttpHeaderNames.CONTENT_TYPE);
        executor.execute(() -> serve(ctx.channel(), method, uri, body, contentType, keepAlive, protocol));
    }

    private void serve(
            Channel ch,
            String method,
            QueryStringDecoder uri,
            byte[] body,
            String contentType,
            boolean keepAlive,
            HttpVersion protocol) {
        ApiResponse response;
        try {
            Router.Match match = router.match(method, uri.path());
            response = match.handler()
                    .handle(new ApiRequest(method, uri.path(), match.params(), uri.parameters(), body, contentType));
        } catch (Throwable t) {
            response = Errors.toResponse(t);
            if (response instanceof ApiResponse.Full f && f.status() >= 500 && f.status() != 501 && f.status() != 503) {
                LOG.warn("{} {} failed", method, uri.path(), t);
            }
        }
        if (response instanceof ApiResponse.Full full) {
            writeFull(ch, full, "HEAD".equals(method), keepAlive, protocol);
        } else {
            writeStream(ch, (ApiResponse.Stream) response, keepAlive, protocol);
        }
    }

    private void writeFull(Channel ch, ApiResponse.Full r, boolean head, boolean keepAlive, HttpVersion protocol) {
        byte[] body = head ? new byte[0] : r.body();
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(
                protocol, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(body));
        commonHeaders(res.headers(), r.contentType(), keepAlive, protocol);
        r.headers().forEach(res.headers()::set);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        finish(ch, ch.writeAndFlush(res), keepAlive);
    }

    private void writeStream(Channel ch, ApiResponse.Stream r, boolean keepAlive, HttpVersion protocol) {
        HttpResponse res = new DefaultHttpResponse(protocol, HttpResponseStatus.valueOf(r.status()));
        commonHeaders(res.headers(), r.contentType(), keepAlive, protocol);
        HttpUtil.setTransferEncodingChunked(res, true);
        ch.writeAndFlush(res);
        try {
            r.body().writeTo(new ChannelStream(ch));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("stream ended with an error", e);
        }
        if (!ch.isActive()) return;
        finish(ch, ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
    }

    private void commonHeaders(HttpHeaders h, String contentType, boolean keepAlive, HttpVersion protocol) {
        if (contentType != null) h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.set("Api-Version", SystemRoutes.API_VERSION);
        h.set("Ostype", "linux");
        h.set(HttpHeaderNames.SERVER, serverHeader);
        if (keepAlive && protocol.equals(HttpVersion.HTTP_1_0)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private static void finish(Channel ch, io.netty.channel.ChannelFuture written, boolean keepAlive) {
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        written.addListener(f -> {
            ch.config().setAutoRead(true);
            ch.read();
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error", cause);
        ctx.close();
    }

    /** A streamed body over the channel: one HTTP chunk per write, waiting when the client reads slowly. */
    private record ChannelStream(Channel ch) implements StreamWriter {
        @Override
        public boolean write(byte[] bytes) {
            if (!ch.isActive()) return false;
            var f = ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
            if (!ch.isWritable()) f.awaitUninterruptibly();
            return ch.isActive();
        }

        @Override
        public boolean isOpen() {
            return ch.isActive();
        }

        @Override
        public void onClose(Runnable action) {
            ch.closeFuture().addListener(f -> action.run());
        }
    }
}
