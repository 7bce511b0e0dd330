package dev.hymir.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hymir.InvalidWorkflow;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The one Jackson mapper Hymir uses for user values (args, kwargs, meta, outputs, context).
 *
 * <p><b>What it writes, it reads back.</b> Jackson's default read limits are below what it writes
 * (a string of 20 million characters, a number of 1,000 digits): a journaled output of 21 MB would
 * make the journal unreadable. So the read limits here are the write limits or more — strings and
 * numbers up to {@link #MAX_VALUE_CHARS}, nesting as deep as writing allows — and a value larger than
 * {@link #MAX_VALUE_CHARS} is refused where it is written ({@link #writeLimited}), failing its job
 * with a message instead of the engine.
 */
public final class Json {
    /** The largest JSON text of one user value the engine journals or stores: 64 Mi characters. */
    public static final int MAX_VALUE_CHARS = 64 << 20;

    public static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNumberLength(Integer.MAX_VALUE)
                            .maxNestingDepth(com.fasterxml.jackson.core.StreamWriteConstraints.DEFAULT_MAX_DEPTH)
                            .build())
                    .build())
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();

    private Json() {
    }

    /** Throws {@link InvalidWorkflow.UnserializableArgument} naming {@code what} if Jackson cannot write it. */
    public static void requireSerializable(Object value, Supplier<String> what) {
        if (isPlain(value)) {
            return;
        }
        try {
            MAPPER.writeValue(OutputStream.nullOutputStream(), value);
        } catch (IOException | RuntimeException e) {
            throw new InvalidWorkflow.UnserializableArgument(what.get() + " cannot be serialized to JSON ("
                    + value.getClass().getName() + "): " + firstLine(e) + "; pass plain data (ids, strings, numbers,"
                    + " lists, maps, records) instead", e);
        }
    }

    /** Writes {@code value} as JSON text, or throws with Jackson's reason. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + " to JSON: " + firstLine(e), e);
        }
    }

    /**
     * Writes {@code value} as JSON text, refusing one over {@link #MAX_VALUE_CHARS}: {@link
     * InvalidWorkflow.UnserializableArgument}, its message {@code what} + " is too large: ..." (the job
     * fails, the journal stays readable).
     */
    public static String writeLimited(Object value, Supplier<String> what) {
        String json = write(value);
        if (json.length() > MAX_VALUE_CHARS) {
            throw new InvalidWorkflow.UnserializableArgument(what.get() + " is too large: " + json.length() + " characters of JSON; the"
                    + " engine journals and stores values up to " + MAX_VALUE_CHARS + " (64 Mi): keep large data elsewhere"
                    + " (a file, an object store) and return a reference to it", null);
        }
        return json;
    }

    /** Reads JSON text written by {@link #write} back as plain values (maps, lists, strings, numbers, null). */
    public static Object read(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read JSON: " + firstLine(e), e);
        }
    }

    private static boolean isPlain(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double || value instanceof Short
                || value instanceof Byte || value instanceof Float;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
