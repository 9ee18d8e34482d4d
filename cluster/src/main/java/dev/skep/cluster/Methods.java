package dev.skep.cluster;

import io.grpc.MethodDescriptor;

/** Builds the hand-written method descriptors of the cluster-port services. */
public final class Methods {
    private Methods() {}

    public static <Q, R> MethodDescriptor<Q, R> unary(
            String service, String method, Class<Q> request, Class<R> response) {
        return build(MethodDescriptor.MethodType.UNARY, service, method, request, response);
    }

    public static <Q, R> MethodDescriptor<Q, R> serverStreaming(
            String service, String method, Class<Q> request, Class<R> response) {
        return build(MethodDescriptor.MethodType.SERVER_STREAMING, service, method, request, response);
    }

    private static <Q, R> MethodDescriptor<Q, R> build(
            MethodDescriptor.MethodType type, String service, String method, Class<Q> request, Class<R> response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(new JsonMarshaller<>(request))
                .setResponseMarshaller(new JsonMarshaller<>(response))
                .build();
    }
}
