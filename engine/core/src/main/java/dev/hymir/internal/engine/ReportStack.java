package dev.hymir.internal.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Job reports waiting for the core: a lock-free stack (Treiber) linked through {@link JobExecution#next},
 * so a report costs one CAS and no queue node. Any thread pushes; only the thread that has the core takes.
 */
final class ReportStack {
    private final AtomicReference<JobExecution> head = new AtomicReference<>();
    private final EngineMetrics metrics;

    ReportStack(EngineMetrics metrics) {
        this.metrics = metrics;
    }

    void push(JobExecution x) {
        x.counted = metrics.reportPushed();
        JobExecution h;
        do {
            h = head.get();
            x.next = h;
        } while (!head.compareAndSet(h, x));
    }

    boolean isEmpty() {
        return head.get() == null;
    }

    void clear() {
        head.set(null);
    }

    /** Takes every report pushed so far; returns the oldest, linked to the newer ones in arrival order. */
    JobExecution takeOldestFirst() {
        JobExecution r = head.getAndSet(null);
        JobExecution oldest = null;
        int counted = 0;
        while (r != null) { // the stack is newest first: reverse its links (the caller owns them now)
            JobExecution older = r.next;
            r.next = oldest;
            oldest = r;
            r = older;
            if (oldest.counted) {
                counted++;
            }
        }
        if (counted > 0) {
            metrics.reportsTaken(counted);
        }
        return oldest;
    }
}
