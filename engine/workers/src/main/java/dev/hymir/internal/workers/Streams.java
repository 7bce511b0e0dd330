package dev.hymir.internal.workers;

/**
 * The Redis layout coordinators ({@code RedisWorkers}) and workers ({@code HymirWorker}) share.
 *
 * <pre>
 * hymir:q:QUEUE          stream   one entry per job attempt to run; consumer group "workers"
 * hymir:r:COORDINATOR    stream   results for one coordinator, in batches; consumer group "coordinator"
 * hymir:coordinator:NAME string   held (with a short expiry) by the running coordinator of that name
 * hymir:wf:WORKFLOW_ID   string   the workflow's JSON, for jobs that ask for the reserved input "workflow"
 * hymir:control          channel  cancels: workers interrupt the attempts named there
 * </pre>
 *
 * A queue entry's fields: {@code w} workflow id, {@code j} job id, {@code a} attempt, {@code n} job
 * name, {@code r} the results stream to answer on, {@code d} max deliveries, {@code t} dispatch time
 * (epoch microseconds), {@code c} the call (JSON, {@link CallCodec}). A results entry has one field
 * {@code b}: a JSON array of outcomes ({@link Outcomes}). Each script touches one key, so the layout
 * also works on Redis Cluster.
 */
public final class Streams {
    static final String WORKERS_GROUP = "workers";
    static final String COORDINATOR_GROUP = "coordinator";
    static final String CONTROL_CHANNEL = "hymir:control";
    static final String DEFAULT_QUEUE = "default";
    /** The job meta entry that picks the queue. */
    public static final String QUEUE_META = "queue";

    static final String WORKFLOW = "w";
    static final String JOB = "j";
    static final String ATTEMPT = "a";
    static final String NAME = "n";
    static final String REPLY = "r";
    static final String MAX_DELIVERIES = "d";
    static final String SENT = "t";
    static final String CALL = "c";
    static final String BATCH = "b";

    private Streams() {
    }

    public static String queue(String name) {
        return "hymir:q:" + name;
    }

    static String results(String coordinator) {
        return "hymir:r:" + coordinator;
    }

    static String lock(String coordinator) {
        return "hymir:coordinator:" + coordinator;
    }

    static String definition(String workflowId) {
        return "hymir:wf:" + workflowId;
    }

    /** The queue a job goes to: its meta {@code queue}, else "default". */
    static String queueOf(dev.hymir.Job job) {
        Object q = job.meta().isEmpty() ? null : job.meta().get(QUEUE_META);
        return q == null ? DEFAULT_QUEUE : q.toString();
    }

    /** Checks a queue name (job meta, worker option): non-blank, no spaces or control characters. */
    public static String checkQueueName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(what + " '" + name + "' has a space or control character at " + i
                        + ": use letters, digits and punctuation such as '-', '_', '.', ':'");
            }
        }
        return name;
    }

    /** Microseconds since the epoch (the dispatch stamp {@code t}; compared across hosts, so only as good as their clocks). */
    static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
