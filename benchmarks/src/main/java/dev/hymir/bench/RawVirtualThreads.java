package dev.hymir.bench;

/**
 * Start one no-op virtual thread per job and wait for all of them, ignoring the edges: what thread
 * creation alone costs, the ceiling for any one-virtual-thread-per-job engine.
 */
public final class RawVirtualThreads implements Contender {

    @Override
    public String name() {
        return "raw-vthreads";
    }

    @Override
    public Prepared prepare(Shape shape, ExecutionCounter counter) {
        int n = shape.jobCount();
        return () -> {
            Thread[] threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                int job = i;
                threads[i] = Thread.ofVirtual().start(() -> counter.ran(job));
            }
            for (Thread t : threads) {
                t.join();
            }
        };
    }
}
