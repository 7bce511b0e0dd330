package dev.hymir.internal.workers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hymir.CheckLater;
import dev.hymir.Failure;
import dev.hymir.JobResult;
import dev.hymir.Retry;
import dev.hymir.Success;
import dev.hymir.internal.json.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Attempt outcomes as workers send them: a results entry's field {@code b} is a JSON array of
 * objects, one per attempt ({@code w}, {@code j}, {@code a} name it; {@code k} is the kind). A batch
 * per entry keeps the commands per job low: one XADD answers for every job a worker finished since its
 * last send.
 */
final class Outcomes {
    static final char SUCCESS = 's';
    static final char FAILURE = 'f';
    static final char RETRY = 'r';
    static final char CHECK_LATER = 'c';
    static final char ERROR = 'e';

    private Outcomes() {
    }

    /**
     * One attempt's outcome. {@code payload}: a Success's output value or a CheckLater's context, as
     * JSON (what the coordinator journals); {@code text}: a Failure's result or an error's stack trace;
     * {@code lo}/{@code hi}: a Retry's waits or a CheckLater's wait (nanoseconds); {@code nanos}: how
     * long the job ran; {@code waitMicros}: from dispatch to start (-1 when unknown).
     */
    record Outcome(String workflowId, String jobId, int attempt, char kind, String payload, String text,
                   long lo, long hi, Integer maxRetries, long nanos, long waitMicros) {

        static Outcome error(String workflowId, String jobId, int attempt, String text, long waitMicros) {
            return new Outcome(workflowId, jobId, attempt, ERROR, null, text, 0, 0, null, 0, waitMicros);
        }

        boolean failed() {
            return kind == FAILURE || kind == ERROR;
        }

        /** The result to report ({@code null} for an error). */
        @SuppressWarnings("unchecked")
        JobResult result() {
            return switch (kind) {
                case SUCCESS -> payload == null ? Success.empty() : new Success(Json.read(payload));
                case FAILURE -> new Failure(text);
                case RETRY -> new Retry(Duration.ofNanos(lo), Duration.ofNanos(hi), maxRetries);
                case CHECK_LATER -> new CheckLater(Duration.ofNanos(lo),
                        payload == null ? Map.of() : (Map<String, Object>) Json.read(payload));
                default -> null;
            };
        }

        /** The stack trace (or message) to report for an error, else null. */
        String error() {
            return kind == ERROR ? text : null;
        }
    }

    static String encode(List<Outcome> batch) {
        StringWriter out = new StringWriter(64 * batch.size());
        try (JsonGenerator g = WireJson.MAPPER.createGenerator(out)) {
            g.writeStartArray();
            for (Outcome o : batch) {
                g.writeStartObject();
                g.writeStringField("w", o.workflowId());
                g.writeStringField("j", o.jobId());
                g.writeNumberField("a", o.attempt());
                g.writeStringField("k", String.valueOf(o.kind()));
                if (o.payload() != null) {
                    g.writeStringField("p", o.payload());
                }
                if (o.text() != null) {
                    g.writeStringField("x", o.text());
                }
                if (o.kind() == RETRY || o.kind() == CHECK_LATER) {
                    g.writeNumberField("lo", o.lo());
                    g.writeNumberField("hi", o.hi());
                }
                if (o.maxRetries() != null) {
                    g.writeNumberField("mr", o.maxRetries());
                }
                g.writeNumberField("ns", o.nanos());
                if (o.waitMicros() >= 0) {
                    g.writeNumberField("q", o.waitMicros());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Reads a batch; an entry that is not one (another writer's junk) is an IllegalArgumentException. */
    static List<Outcome> decode(String json) {
        List<Outcome> list = new ArrayList<>();
        try (JsonParser p = WireJson.MAPPER.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("a results entry is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String w = null;
                String j = null;
                int a = -1;
                char k = 0;
                String payload = null;
                String text = null;
                long lo = 0;
                long hi = 0;
                Integer mr = null;
                long ns = 0;
                long q = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "w" -> w = p.getText();
                        case "j" -> j = p.getText();
                        case "a" -> a = p.getIntValue();
                        case "k" -> k = p.getText().charAt(0);
                        case "p" -> payload = p.getText();
                        case "x" -> text = p.getText();
                        case "lo" -> lo = p.getLongValue();
                        case "hi" -> hi = p.getLongValue();
                        case "mr" -> mr = p.getIntValue();
                        case "ns" -> ns = p.getLongValue();
                        case "q" -> q = p.getLongValue();
                        default -> p.skipChildren();
                    }
                }
                if (w == null || j == null || a < 0 || k == 0) {
                    throw new IllegalArgumentException("a result lacks its workflow, job, attempt or kind");
                }
                list.add(new Outcome(w, j, a, k, payload, text, lo, hi, mr, ns, q));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a results entry is not valid JSON: " + e.getMessage(), e);
        }
        return list;
    }
}
