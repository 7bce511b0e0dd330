package dev.hymir.internal.workers;

import redis.clients.jedis.StreamEntryID;

import java.util.Map;

/** An entry a worker took (read or claimed) and has not answered yet. */
final class Held {
    final String queue;
    final StreamEntryID id;
    final String workflowId;
    final String jobId;
    final int attempt;
    final String reply;
    /** Deliveries of the entry, this one included. */
    final int deliveries;
    final Map<String, String> fields;
    /** The job's thread while it runs (interrupted by a cancel, or when the lease is lost). */
    volatile Thread thread;
    /** Its lease was lost or it was handed back: its outcome is not sent (another worker answers). */
    volatile boolean abandoned;
    /** Its outcome went to the sender. */
    volatile boolean done;

    Held(String queue, StreamEntryID id, Map<String, String> fields, int deliveries) {
        this.queue = queue;
        this.id = id;
        this.fields = fields;
        this.deliveries = deliveries;
        this.workflowId = fields.get(Streams.WORKFLOW);
        this.jobId = fields.get(Streams.JOB);
        this.attempt = parseInt(fields.get(Streams.ATTEMPT), -1);
        this.reply = fields.get(Streams.REPLY);
    }

    /** Whether the entry names an attempt and where to answer (else it is not a Hymir entry). */
    boolean wellFormed() {
        return workflowId != null && jobId != null && attempt >= 0 && reply != null && fields.get(Streams.NAME) != null
                && fields.get(Streams.CALL) != null;
    }

    String name() {
        return fields.get(Streams.NAME);
    }

    int maxDeliveries() {
        return Math.max(1, parseInt(fields.get(Streams.MAX_DELIVERIES), 3));
    }

    long sentMicros() {
        String t = fields.get(Streams.SENT);
        try {
            return t == null ? -1 : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String attemptKey() {
        return workflowId + '\t' + jobId + '\t' + attempt;
    }

    String describe() {
        return "job " + jobId + " (" + name() + ") of workflow " + workflowId;
    }

    private static int parseInt(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
