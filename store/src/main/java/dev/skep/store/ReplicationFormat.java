package dev.skep.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import dev.skep.api.json.Json;
import dev.skep.api.model.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How proposals and snapshots travel through Raft and sit in its log and snapshot files: Smile (binary JSON) with
 * the Engine API's field names, each object decoded straight to its type, timestamps as integer nanoseconds since
 * the epoch. The Engine API itself stays JSON ({@link Json}).
 *
 * <p>Entries and snapshots written by older members are JSON; they are told apart by Smile's header (":)\n") and
 * still read, so a member restarted on an old data directory replays its log.
 */
final class ReplicationFormat {
    private static final ObjectMapper SMILE = Json.configure(SmileMapper.builder(new SmileFactory()
                    // Within an entry, service and node IDs, images and states repeat from task to task.
                    .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)))
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            // This mapper reads only what it wrote, names exact: matching them case-insensitively (as the Engine
            // API must) lower-cases every name it reads (~9 % of a follower's apply time in a profile).
            .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .addModule(new SimpleModule("skep-replication-instants")
                    .addSerializer(Instant.class, new NanosSerializer())
                    .addDeserializer(Instant.class, new NanosDeserializer()))
            .build();
    private static final Map<Kind, ObjectWriter> WRITERS = perKind(k -> SMILE.writerFor(k.type()));
    private static final Map<Kind, ObjectReader> SMILE_READERS = perKind(k -> SMILE.readerFor(k.type()));
    private static final Map<Kind, ObjectReader> JSON_READERS = perKind(k -> Json.MAPPER.readerFor(k.type()));
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

    private ReplicationFormat() {}

    // ---- proposals ----------------------------------------------------------------------------------------------

    static byte[] write(Proposal proposal) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(256 + 512 * proposal.changes().size());
        try (JsonGenerator g = SMILE.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("Time");
            writeInstant(g, proposal.time());
            g.writeArrayFieldStart("Changes");
            for (Change c : proposal.changes()) writeChange(g, c);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeChange(JsonGenerator g, Change c) throws IOException {
        g.writeStartObject();
        // The kind comes before the object, so that a reader knows the object's type when it reaches it.
        g.writeStringField("Kind", c.kind().name());
        g.writeStringField("Op", c.op().name());
        g.writeStringField("Id", c.id());
        g.writeNumberField("ExpectedVersion", c.expectedVersion());
        g.writeBooleanField("Soft", c.soft());
        if (c.object() != null) {
            g.writeFieldName("Object");
            WRITERS.get(c.kind()).writeValue(g, c.object());
        }
        g.writeEndObject();
    }

    static Proposal read(byte[] bytes) {
        Format f = Format.of(bytes);
        try (JsonParser p = f.mapper.createParser(bytes)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            Instant time = null;
            List<Change> changes = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "Time" -> time = f == Format.SMILE ? readInstant(p) : Json.MAPPER.readValue(p, Instant.class);
                    case "Changes" -> {
                        expect(p, p.currentToken(), JsonToken.START_ARRAY);
                        while (p.nextToken() != JsonToken.END_ARRAY) changes.add(readChange(p, f));
                    }
                    default -> p.skipChildren();
                }
            }
            return new Proposal(time, changes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a proposal: " + e.getMessage(), e);
        }
    }

    private static Change readChange(JsonParser p, Format f) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        Kind kind = null;
        Change.Op op = null;
        String id = null;
        long expected = 0;
        boolean soft = false;
        StoredObject object = null;
        JsonNode early = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "Kind" -> kind = Kind.valueOf(p.getText());
                case "Op" -> op = Change.Op.valueOf(p.getText());
                case "Id" -> id = t == JsonToken.VALUE_NULL ? null : p.getText();
                case "ExpectedVersion" -> expected = p.getLongValue();
                case "Soft" -> soft = p.getBooleanValue();
                case "Object" -> {
                    if (t == JsonToken.VALUE_NULL) break;
                    // JSON entries of older members may name the object before its kind: keep it as a tree.
                    if (kind == null) early = p.readValueAsTree();
                    else object = f.readers.get(kind).readValue(p);
                }
                default -> p.skipChildren();
            }
        }
        if (kind == null || op == null) throw new IOException("a change without a kind or an operation");
        if (early != null) object = f.mapper.treeToValue(early, kind.type());
        return new Change(kind, op, id, expected, object, soft);
    }

    // ---- snapshots ----------------------------------------------------------------------------------------------

    /** The state of a store: its index and its objects by kind. */
    record Snapshot(long index, Map<Kind, List<StoredObject>> objects) {}

    static byte[] writeSnapshot(long index, Function<Kind, Collection<StoredObject>> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (JsonGenerator g = SMILE.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("Index", index);
            for (Kind k : Kind.values()) {
                g.writeArrayFieldStart(k.name());
                ObjectWriter w = WRITERS.get(k);
                for (StoredObject o : objects.apply(k)) w.writeValue(g, o);
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Snapshot readSnapshot(byte[] bytes) {
        Format f = Format.of(bytes);
        Map<Kind, List<StoredObject>> objects = new EnumMap<>(Kind.class);
        long index = -1;
        try (JsonParser p = f.mapper.createParser(bytes)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                Kind kind = kindNamed(field);
                if (field.equals("Index")) {
                    index = p.getLongValue();
                } else if (kind != null) {
                    expect(p, p.currentToken(), JsonToken.START_ARRAY);
                    List<StoredObject> list = objects.computeIfAbsent(kind, k -> new ArrayList<>());
                    ObjectReader r = f.readers.get(kind);
                    while (p.nextToken() != JsonToken.END_ARRAY) list.add(r.readValue(p));
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a snapshot: " + e.getMessage(), e);
        }
        if (index < 0) throw new IllegalStateException("a snapshot without an index");
        return new Snapshot(index, objects);
    }

    private static Kind kindNamed(String name) {
        for (Kind k : Kind.values()) if (k.name().equals(name)) return k;
        return null;
    }

    // ---- formats and timestamps ---------------------------------------------------------------------------------

    /** Smile as written now, or the JSON of older members. */
    private enum Format {
        SMILE(ReplicationFormat.SMILE, SMILE_READERS),
        JSON(Json.MAPPER, JSON_READERS);

        final ObjectMapper mapper;
        final Map<Kind, ObjectReader> readers;

        Format(ObjectMapper mapper, Map<Kind, ObjectReader> readers) {
            this.mapper = mapper;
            this.readers = readers;
        }

        static Format of(byte[] bytes) {
            boolean smile = bytes.length >= 3 && bytes[0] == ':' && bytes[1] == ')' && bytes[2] == '\n';
            return smile ? SMILE : JSON;
        }
    }

    /** Nanoseconds since the epoch when they fit a long (years 1678–2261), else the RFC 3339 text. */
    private static void writeInstant(JsonGenerator g, Instant i) throws IOException {
        if (i == null) {
            g.writeNull();
        } else if (Math.abs(i.getEpochSecond()) <= MAX_SECONDS) {
            g.writeNumber(i.getEpochSecond() * 1_000_000_000L + i.getNano());
        } else {
            g.writeString(i.toString());
        }
    }

    private static Instant readInstant(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> {
                long nanos = p.getLongValue();
                yield Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            }
            case VALUE_STRING -> Instant.parse(p.getText());
            default -> throw new IOException("not a timestamp: " + p.currentToken());
        };
    }

    private static final class NanosSerializer extends StdScalarSerializer<Instant> {
        NanosSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator g, SerializerProvider provider) throws IOException {
            writeInstant(g, value);
        }
    }

    private static final class NanosDeserializer extends StdScalarDeserializer<Instant> {
        NanosDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return readInstant(p);
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted)
            throw new IOException("expected " + wanted + " but found " + actual + " at " + p.currentLocation());
    }

    private static <T> Map<Kind, T> perKind(Function<Kind, T> make) {
        Map<Kind, T> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) m.put(k, make.apply(k));
        return m;
    }
}
