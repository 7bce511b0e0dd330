package dev.hymir.bench.workers;

import dev.hymir.HymirWorker;

import java.time.Duration;

/**
 * A worker process for {@link WorkersBench}: {@code BenchWorker REDIS_URL CONCURRENCY NAME}. Prints
 * {@code READY} once it reads its queue, and stops (closing the worker) when its standard input
 * closes, so it never outlives the benchmark that started it.
 */
public final class BenchWorker {
    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (HymirWorker worker = HymirWorker.builder().redis(args[0]).registry(BenchJobs.registry())
                .concurrency(Integer.parseInt(args[1])).name(args[2]).shutdownGrace(Duration.ofSeconds(5)).build()) {
            worker.start();
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for EOF: the parent closed our stdin (or died)
            }
            HymirWorker.Stats s = worker.stats();
            System.err.println("worker " + args[2] + ": " + s);
        }
    }
}
