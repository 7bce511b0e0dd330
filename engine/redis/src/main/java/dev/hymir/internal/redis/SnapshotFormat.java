package dev.hymir.internal.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hymir.JobState;
import dev.hymir.WorkflowState;
import dev.hymir.internal.json.Json;

import java.nio.charset.StandardCharsets;
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

    /**
     * Java-only facts about a workflow, a hash Python Hymir never reads: {@code jobs} = the number of
     * jobs, so readers need not parse a large definition to list the jobs missing from {@code :jobs}
     * (PENDING: no PENDING fields are written).
     */
    public String meta(String id) {
        return prefix + id + ":meta";
    }

    /** The field of {@link #meta} that holds the number of jobs. */
    public static final String META_JOBS = "jobs";

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

    /** What a job without retries, context or exception is, by status code: what almost every field holds. */
    private static final String[] PLAIN_JOBS = new String[4];
    private static final byte[][] PLAIN_JOB_BYTES = new byte[4][];
    private static final JobState[] PLAIN_STATES = new JobState[4];

    static {
        for (JobState.Status status : JobState.Status.values()) {
            JobState plain = new JobState(status, 0, Map.of(), null);
            PLAIN_STATES[status.code()] = plain;
            PLAIN_JOBS[status.code()] = "{\"status\": " + status.code() + ", \"retries\": 0, \"context\": {}, \"exception\": null}";
            PLAIN_JOB_BYTES[status.code()] = PLAIN_JOBS[status.code()].getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A PENDING job that never retried nor checked later: what Python reads a missing field as. */
    public static boolean isDefault(JobState state) {
        return state.status() == JobState.Status.PENDING && isPlain(state);
    }

    private static boolean isPlain(JobState state) {
        return state.retries() == 0 && state.exception() == null && state.context().isEmpty();
    }

    /** {@link #jobJson} as UTF-8 bytes; the common values are shared constants (no allocation). */
    public static byte[] jobBytes(JobState state) {
        return isPlain(state) ? PLAIN_JOB_BYTES[state.status().code()] : jobJson(state).getBytes(StandardCharsets.UTF_8);
    }

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

    /** The state a missing {@code :jobs} field stands for (Python's {@code JobState()}). */
    public static JobState pendingJob() {
        return PLAIN_STATES[0];
    }

    /**
     * Whether {@code json} is one of the values Hymir writes for a job without retries, context or
     * exception (nearly all of them): then {@link #readJob} need not parse it.
     */
    public static JobState plainJob(String json) {
        if (json.length() == PLAIN_JOBS[0].length()) {
            for (int code = 0; code < PLAIN_JOBS.length; code++) {
                if (PLAIN_JOBS[code].equals(json)) {
                    return PLAIN_STATES[code];
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public static JobState readJob(String json) {
        JobState plain = plainJob(json);
        if (plain != null) {
            return plain;
        }
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
