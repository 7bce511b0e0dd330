package dev.hymir.internal.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hymir.JobState;
import dev.hymir.WorkflowState;
import dev.hymir.internal.json.Json;

import java.util.Map;

/**
 * The Redis layout of DESIGN §7, the original Python Hymir's: Python builds its state objects with
 * {@code cls(**json)}, so the values carry exactly these fields and nothing else, spaced as Python's
 * {@code json.dumps} writes them.
 */
public final class SnapshotFormat {
    private final String prefix;

    public SnapshotFormat(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String def(String id) {
        return prefix + id + ":def";
    }

    public String state(String id) {
        return prefix + id + ":state";
    }

    public String jobs(String id) {
        return prefix + id + ":jobs";
    }

    public String crumb(String id, String output) {
        return prefix + id + ":crumb:" + output;
    }

    /** {@code text} with Redis glob characters escaped, for a SCAN MATCH pattern. */
    public static String globEscape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** {@code {"status": N}}. */
    public static String workflowJson(WorkflowState state) {
        return "{\"status\": " + state.status().code() + "}";
    }

    static final String PENDING_JOB = "{\"status\": 0, \"retries\": 0, \"context\": {}, \"exception\": null}";

    /** {@code {"status": N, "retries": n, "context": {...}, "exception": "..." or null}}. */
    public static String jobJson(JobState state) {
        String context = state.context().isEmpty() ? "{}" : Json.write(state.context());
        String exception = state.exception() == null ? "null" : Json.write(state.exception());
        return "{\"status\": " + state.status().code() + ", \"retries\": " + state.retries() + ", \"context\": "
                + context + ", \"exception\": " + exception + "}";
    }

    public static WorkflowState readWorkflow(String json) {
        JsonNode node = tree(json);
        return new WorkflowState(WorkflowState.Status.ofCode(node.path("status").asInt(-1)));
    }

    @SuppressWarnings("unchecked")
    public static JobState readJob(String json) {
        JsonNode node = tree(json);
        JsonNode exception = node.path("exception");
        Map<String, Object> context = node.hasNonNull("context")
                ? Json.MAPPER.convertValue(node.get("context"), Map.class) : Map.of();
        return new JobState(JobState.Status.ofCode(node.path("status").asInt(-1)), node.path("retries").asInt(0),
                context, exception.isNull() || exception.isMissingNode() ? null : exception.asText());
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read a Hymir state from Redis: " + e.getOriginalMessage());
        }
    }
}
