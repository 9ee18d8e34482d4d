package dev.skep.cluster;

import dev.skep.api.json.Json;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Carries our records as JSON on the gRPC wire: no code generation, and a captured message stays readable. */
final class JsonMarshaller<T> implements MethodDescriptor.Marshaller<T> {
    private final Class<T> type;

    JsonMarshaller(Class<T> type) {
        this.type = type;
    }

    @Override
    public InputStream stream(T value) {
        return new ByteArrayInputStream(Json.write(value));
    }

    @Override
    public T parse(InputStream stream) {
        try (stream) {
            return Json.MAPPER.readValue(stream, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
