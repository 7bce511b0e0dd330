package dev.hymir.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;

/**
 * The dashboard's JSON: compact (one line, as server-sent events need), records and maps only.
 * Jackson escapes every string; the pages put values into the DOM as text, never as HTML.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * A job's arguments as JSON text for a table cell, cut after {@code max} characters. A value
     * Jackson cannot write (the engine checks arguments when they are set, so this is rare) is shown
     * by its class name.
     */
    static String preview(Object value, int max) {
        String text;
        try {
            text = MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            text = "(" + value.getClass().getName() + ", not JSON-serializable)";
        }
        return text.length() <= max ? text : text.substring(0, max) + "\u2026";
    }
}
