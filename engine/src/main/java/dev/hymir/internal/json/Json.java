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

/** The one Jackson mapper Hymir uses for user values (args, kwargs, meta, outputs, context). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
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
