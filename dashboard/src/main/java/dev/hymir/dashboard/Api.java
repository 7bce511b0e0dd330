package dev.hymir.dashboard;

import dev.hymir.Job;
import dev.hymir.JobDoesNotExist;
import dev.hymir.JobState;
import dev.hymir.WorkflowExecutor;
import dev.hymir.WorkflowState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The JSON answers, as maps and records for {@link Json}; Routes and Streams send them. */
final class Api {
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;
    /** Characters of a job's arguments shown in the job table; the job's own answer has them all. */
    static final int ARGS_PREVIEW = 200;

    private final WorkflowCache cache;
    private final WorkflowExecutor canceller;
    private final String source;

    Api(WorkflowCache cache, WorkflowExecutor canceller, String source) {
        this.cache = cache;
        this.canceller = canceller;
        this.source = source;
    }

    String source() {
        return source;
    }

    Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", source);
        info.put("cancel", canceller != null);
        return info;
    }

    /** {@code GET /api/workflows}: parameters status, offset, limit. */
    record ListQuery(WorkflowState.Status status, int offset, int limit) {
        static ListQuery of(Routes.Query q) {
            WorkflowState.Status status = parseStatus(q.get("status"), WorkflowState.Status.class);
            int offset = q.integer("offset", 0, 0, Integer.MAX_VALUE);
            int limit = q.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            q.expectOnly();
            return new ListQuery(status, offset, limit);
        }
    }

    /** {@code GET /api/workflows/{id}/jobs}: parameters status, box, offset, limit. */
    record JobQuery(JobState.Status status, Integer box, int offset, int limit) {
        static JobQuery of(Routes.Query q) {
            JobState.Status status = parseStatus(q.get("status"), JobState.Status.class);
            int box = q.integer("box", -1, 0, Integer.MAX_VALUE);
            int offset = q.integer("offset", 0, 0, Integer.MAX_VALUE);
            int limit = q.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            q.expectOnly();
            return new JobQuery(status, box < 0 ? null : box, offset, limit);
        }
    }

    Map<String, Object> list(ListQuery q) {
        WorkflowCache.Listing listing = cache.listing();
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("ALL", listing.entries().size());
        for (WorkflowState.Status s : WorkflowState.Status.values()) {
            counts.put(s.name(), 0);
        }
        List<WorkflowCache.Entry> matching = new ArrayList<>();
        for (WorkflowCache.Entry e : listing.entries()) {
            counts.merge(e.status().name(), 1, Integer::sum);
            if (q.status() == null || e.status() == q.status()) {
                matching.add(e);
            }
        }
        List<Object> page = new ArrayList<>();
        for (int i = q.offset(); i < matching.size() && page.size() < q.limit(); i++) {
            WorkflowCache.Entry e = matching.get(i);
            try {
                page.add(cache.summary(e.id()));
            } catch (dev.hymir.WorkflowDoesNotExist gone) {
                // cleared between the listing and now: the next update drops it
            } catch (RuntimeException bad) {
                // Its job states cannot be read: the row says so, the other rows stay.
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.id());
                row.put("status", e.status());
                row.put("error", "cannot read its jobs: " + bad.getMessage());
                page.add(row);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("offset", q.offset());
        out.put("limit", q.limit());
        out.put("status", q.status());
        out.put("total", matching.size());
        out.put("counts", counts);
        out.put("unreadable", listing.unreadable().size());
        out.put("problems", listing.unreadable().subList(0, Math.min(5, listing.unreadable().size())));
        out.put("workflows", page);
        return out;
    }

    /** {@code GET /api/workflows/{id}}: the summary, whether it may be cancelled, and per-box counts. */
    Map<String, Object> workflow(String id) {
        Definition.Shape shape = cache.shape(id);
        States states = cache.states(id);
        Summary s = states.summary();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("status", s.status());
        out.put("finished", s.finished());
        out.put("total", s.total());
        out.put("failed", s.failed());
        out.put("succeeded", s.succeeded());
        out.put("running", s.running());
        out.put("pending", s.pending());
        out.put("cancellable", canceller != null && !s.status().isFinished());
        out.put("callbacks", shape.callbacks());
        out.put("boxCounts", shape.drawn() ? states.boxCounts(shape.jobBoxes(), shape.boxCount()) : new int[0]);
        return out;
    }

    byte[] graph(String id) {
        return cache.definition(id).graphJson;
    }

    Map<String, Object> jobs(String id, JobQuery q) {
        Definition d = cache.definition(id);
        States states = cache.states(id);
        int[] jobBoxes = d.shape.jobBoxes();
        if (q.box() != null && q.box() >= d.shape.boxCount()) {
            throw new Routes.HttpError(400, "parameter 'box' must be below " + d.shape.boxCount()
                    + " (the graph's boxes), was " + q.box());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        int matching = 0;
        for (int i = 0; i < states.size(); i++) {
            if ((q.status() != null && states.status(i) != q.status())
                    || (q.box() != null && jobBoxes[i] != q.box())) {
                continue;
            }
            if (matching >= q.offset() && rows.size() < q.limit()) {
                rows.add(jobRow(d, states, i));
            }
            matching++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("offset", q.offset());
        out.put("limit", q.limit());
        out.put("status", q.status());
        out.put("box", q.box());
        out.put("total", matching);
        out.put("jobs", rows);
        return out;
    }

    private static Map<String, Object> jobRow(Definition d, States states, int i) {
        Job job = d.workflow.job(Integer.toString(i + 1));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", job.identity());
        row.put("name", job.name());
        row.put("args", job.args().isEmpty() && job.kwargs().isEmpty() ? ""
                : Json.preview(argsOf(job), ARGS_PREVIEW));
        row.put("output", job.output());
        row.put("status", states.status(i));
        row.put("retries", states.retries(i));
        row.put("exception", states.exceptionLine(i));
        row.put("box", d.shape.jobBoxes()[i]);
        return row;
    }

    /** Positional and keyword arguments as one value: {@code [1, 2]}, or {@code {"args": [...], "kwargs": {...}}}. */
    private static Object argsOf(Job job) {
        if (job.kwargs().isEmpty()) {
            return job.args();
        }
        if (job.args().isEmpty()) {
            return job.kwargs();
        }
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("args", job.args());
        both.put("kwargs", job.kwargs());
        return both;
    }

    /** {@code GET /api/workflows/{id}/jobs/{jobId}}: everything about one job, the full exception included. */
    Map<String, Object> job(String id, String jobId) {
        Definition d = cache.definition(id);
        int index = States.jobIndex(jobId, d.size());
        if (index < 0) {
            throw new JobDoesNotExist(jobId, "workflow '" + id + "' has jobs 1.." + d.size());
        }
        Job job = d.workflow.job(jobId);
        JobState state = stateOf(id, jobId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", job.identity());
        out.put("name", job.name());
        out.put("args", Json.preview(job.args(), 100_000));
        out.put("kwargs", Json.preview(job.kwargs(), 100_000));
        out.put("output", job.output());
        out.put("inputs", job.inputs().stream().map(in -> in.output().equals(in.parameter()) ? in.output()
                : in.output() + "->" + in.parameter()).collect(Collectors.toList()));
        out.put("meta", Json.preview(job.meta(), 10_000));
        out.put("status", state.status());
        out.put("retries", state.retries());
        out.put("context", Json.preview(state.context(), 100_000));
        out.put("exception", state.exception());
        out.put("box", d.shape.jobBoxes()[index]);
        return out;
    }

    /** A job's state now; a Redis hash without the field means the job has no state yet: PENDING. */
    private JobState stateOf(String id, String jobId) {
        try {
            return cache.reader().jobState(id, jobId);
        } catch (JobDoesNotExist e) {
            return new JobState(JobState.Status.PENDING, 0, Map.of(), null);
        }
    }

    Map<String, Object> cancel(String id) {
        if (canceller == null) {
            throw new Routes.HttpError(403, "this dashboard is read-only: cancelling needs a dashboard started with"
                    + " allowCancel(engine) (hymir demo --dashboard-port P --allow-cancel)");
        }
        WorkflowState before = canceller.workflowState(id);
        if (before.isFinished()) {
            throw new Routes.HttpError(409, "workflow '" + id + "' has already finished (" + before.status()
                    + "): nothing to cancel");
        }
        canceller.cancel(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("cancelled", true);
        return out;
    }

    private static <E extends Enum<E>> E parseStatus(String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Routes.HttpError(400, "parameter 'status' must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'");
        }
    }
}
