package dev.skep.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.daemon.LocalNode;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** Which requests Skep serves and which go to the engine, decided on the head alone. */
class RequestRoutingTest {
    private final Router router = router();

    private static Router router() {
        // the server registers every route; its routes are what the decision reads
        LocalNode node = new FakeNode();
        return new ApiServer(node, ApiServer.Options.unix(java.nio.file.Path.of("/nonexistent/skep.sock"))).router();
    }

    private boolean toEngine(String method, String uri) {
        return RequestRouting.forEngine(
                router, new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri));
    }

    @Test
    void swarmApiSystemRoutesAndEventsAreSkeps() {
        assertThat(toEngine("GET", "/_ping")).isFalse();
        assertThat(toEngine("HEAD", "/v1.45/_ping")).isFalse();
        assertThat(toEngine("GET", "/v1.45/info")).isFalse();
        assertThat(toEngine("GET", "/version")).isFalse();
        assertThat(toEngine("GET", "/v1.41/events?filters=%7B%7D")).isFalse();
        assertThat(toEngine("POST", "/v1.45/services/create")).isFalse();
        assertThat(toEngine("GET", "/v1.45/services/web/logs?follow=1")).isFalse();
        assertThat(toEngine("POST", "/v1.45/swarm/init")).isFalse();
        assertThat(toEngine("GET", "/v1.45/nodes")).isFalse();
        assertThat(toEngine("GET", "/v1.45/tasks")).isFalse();
        assertThat(toEngine("GET", "/v1.45/networks")).isFalse();
    }

    @Test
    void everythingElseIsTheEngines() {
        assertThat(toEngine("GET", "/v1.45/containers/json?all=1")).isTrue();
        assertThat(toEngine("POST", "/v1.45/containers/abc/attach?stream=1")).isTrue();
        assertThat(toEngine("POST", "/v1.45/exec/abc/start")).isTrue();
        assertThat(toEngine("POST", "/v1.45/build?t=x")).isTrue();
        assertThat(toEngine("POST", "/images/load")).isTrue();
        assertThat(toEngine("GET", "/v1.45/system/df")).isTrue();
        assertThat(toEngine("POST", "/session")).isTrue();
        assertThat(toEngine("GET", "/no/such/route")).isTrue();
        // a path Skep serves with another method: the engine's answer for that method
        assertThat(toEngine("PUT", "/v1.45/services/create")).isTrue();
    }

    @Test
    void malformedRequestsStayWithSkep() {
        HttpRequest bad = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/containers/json");
        bad.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(new IllegalArgumentException("bad")));
        assertThat(RequestRouting.forEngine(router, bad)).isFalse();
    }

    @Test
    void newerApiVersionsAreSentAsTheEnginesNewest() {
        EngineApiVersion v = new EngineApiVersion();
        assertThat(v.clamp("/v1.45/containers/json")).isEqualTo("/v1.45/containers/json");
        v.learn("1.41");
        assertThat(v.clamp("/v1.45/containers/json?all=1")).isEqualTo("/v1.41/containers/json?all=1");
        assertThat(v.clamp("/v2.0/x")).isEqualTo("/v1.41/x");
        assertThat(v.clamp("/v1.41/x")).isEqualTo("/v1.41/x");
        assertThat(v.clamp("/v1.24/x")).isEqualTo("/v1.24/x");
        assertThat(v.clamp("/containers/json")).isEqualTo("/containers/json");
        v.learn("garbage");
        assertThat(v.clamp("/v1.45/x")).isEqualTo("/v1.41/x");
    }

    @Test
    void hijackedStreamsCarryStdinOnlyWhenAsked() {
        assertThat(HijackedInput.attachStdin(head("/v1.45/containers/c/attach?stream=1&stdout=1")))
                .isFalse();
        assertThat(HijackedInput.attachStdin(head("/v1.45/containers/c/attach?stream=1&stdin=0")))
                .isFalse();
        assertThat(HijackedInput.attachStdin(head("/v1.45/containers/c/attach?stream=1&stdin=1")))
                .isTrue();
        assertThat(HijackedInput.attachStdin(head("/containers/c/attach?stdin=true")))
                .isTrue();
        assertThat(HijackedInput.execStart(head("/v1.45/exec/e1/start"))).isEqualTo("e1");
        assertThat(HijackedInput.execStart(head("/v1.45/exec/e1/json"))).isNull();
    }

    @Test
    void engineAddresses() {
        assertThat(EngineAddress.parse("unix:///var/run/docker.sock").address()).hasToString("/var/run/docker.sock");
        assertThat(EngineAddress.parse("tcp://10.0.0.1:2376").address())
                .isEqualTo(java.net.InetSocketAddress.createUnresolved("10.0.0.1", 2376));
        assertThat(EngineAddress.parse("tcp://engine").address())
                .isEqualTo(java.net.InetSocketAddress.createUnresolved("engine", 2375));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EngineAddress.parse("ssh://host"))
                .hasMessageContaining("unix:///");
    }

    private static HttpRequest head(String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
    }
}
