package dev.skep.daemon.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Decides on each request's head who answers it, before any of its body is read: a route Skep serves (the swarm
 * API, {@code /_ping}, {@code /info}, {@code /version}, {@code /events}…) goes on down the pipeline to be aggregated
 * and served by {@link ApiHandler}; anything else is the node's Docker Engine's and streams through
 * {@link EngineProxy}, so body limits and other checks placed after this handler apply to Skep's own routes only.
 * After an upgrade the connection carries raw bytes, all of them the engine's.
 */
final class RequestRouting extends ChannelInboundHandlerAdapter {
    private final Router router;
    private final EngineAddress engine;
    private final EngineApiVersion versions;
    private EngineProxy proxy;
    private boolean toEngine;

    RequestRouting(Router router, EngineAddress engine, EngineApiVersion versions) {
        this.router = router;
        this.engine = engine;
        this.versions = versions;
    }

    /** True when the request goes to the engine: a well-formed request for a route Skep does not serve. */
    static boolean forEngine(Router router, HttpRequest head) {
        if (head.decoderResult().isFailure()) return false; // Skep answers a malformed request itself
        return !router.serves(head.method().name(), new QueryStringDecoder(head.uri()).path());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head) {
            toEngine = forEngine(router, head);
            if (toEngine) proxy(ctx).request(head);
            else ctx.fireChannelRead(msg);
        } else if (msg instanceof HttpContent part) {
            if (toEngine) proxy(ctx).forward(part);
            else ctx.fireChannelRead(msg);
        } else if (msg instanceof ByteBuf bytes && proxy != null && proxy.upgraded()) {
            proxy.raw(bytes);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private EngineProxy proxy(ChannelHandlerContext ctx) {
        if (proxy == null) proxy = new EngineProxy(engine, versions, ctx.channel());
        return proxy;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && proxy != null && proxy.upgraded()) proxy.clientInputShutdown();
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (proxy != null) proxy.clientWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (proxy != null) proxy.clientClosed();
        ctx.fireChannelInactive();
    }
}
