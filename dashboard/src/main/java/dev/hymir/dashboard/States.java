package dev.hymir.dashboard;

import dev.hymir.JobState;
import dev.hymir.WorkflowReader;
import dev.hymir.WorkflowState;

import java.util.HashMap;
import java.util.Map;

/**
 * The states of every job of one workflow, read at one moment and kept compactly: a status byte and
 * a retry count per job, and the first line of each failed job's exception (the full trace is read
 * again when someone asks for it, so a workflow with 10^5 failed jobs does not keep 10^5 traces here).
 */
final class States {
    /** Job status ordinals ({@link JobState.Status}), by job index (job id minus one). */
    private final byte[] status;
    private final int[] retries;
    private final Map<Integer, String> exceptionLines;
    private final Summary summary;

    private States(byte[] status, int[] retries, Map<Integer, String> exceptionLines, Summary summary) {
        this.status = status;
        this.retries = retries;
        this.exceptionLines = exceptionLines;
        this.summary = summary;
    }

    /**
     * Reads the workflow's state first, then its jobs: a finished state read first means the job
     * states read after it are final too. Jobs a reader has no state for yet (Python Hymir and
     * Redis need not store PENDING jobs) are PENDING.
     */
    static States read(WorkflowReader reader, String id, int total) {
        WorkflowState.Status workflowStatus = reader.workflowState(id).status();
        Map<String, JobState> all = reader.jobStates(id);
        byte[] status = new byte[total];
        int[] retries = new int[total];
        Map<Integer, String> exceptions = new HashMap<>();
        long running = 0;
        long succeeded = 0;
        long failed = 0;
        for (Map.Entry<String, JobState> e : all.entrySet()) {
            int index = jobIndex(e.getKey(), total);
            if (index < 0) {
                continue; // a field that is no job of the definition: nothing to show it against
            }
            JobState s = e.getValue();
            status[index] = (byte) s.status().ordinal();
            retries[index] = s.retries();
            switch (s.status()) {
                case STARTING -> running++;
                case SUCCESS -> succeeded++;
                case FAILURE -> {
                    failed++;
                    exceptions.put(index, Exceptions.firstLine(s.exception()));
                }
                case PENDING -> { }
            }
        }
        return new States(status, retries, exceptions, Summary.of(id, workflowStatus, total, running, succeeded, failed));
    }

    /** The index of job id "1", "2", ... (0, 1, ...); -1 for anything else or an id out of range. */
    static int jobIndex(String jobId, int total) {
        if (jobId == null || jobId.isEmpty() || jobId.length() > 10) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < jobId.length(); i++) {
            char c = jobId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value < 1 || value > total ? -1 : (int) value - 1;
    }

    Summary summary() {
        return summary;
    }

    int size() {
        return status.length;
    }

    JobState.Status status(int index) {
        return JobState.Status.values()[status[index]];
    }

    int retries(int index) {
        return retries[index];
    }

    /** The first line of job {@code index}'s exception, or null if it has not failed. */
    String exceptionLine(int index) {
        return exceptionLines.get(index);
    }

    /** Per box of the diagram: PENDING, STARTING, SUCCESS, FAILURE counts, flattened (4 ints a box). */
    int[] boxCounts(int[] jobBoxes, int boxCount) {
        int[] counts = new int[boxCount * 4];
        for (int i = 0; i < status.length; i++) {
            counts[jobBoxes[i] * 4 + status[i]]++;
        }
        return counts;
    }
}
