package dev.hymir.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a Java developer writes by hand: one CompletableFuture per node, each job
 * {@code allOf(predecessors).thenRunAsync(job, executor)} on a virtual-thread-per-task executor.
 * The whole graph is wired in {@link #prepare} behind an uncompleted start future, so prepare holds
 * the complete structure (that is what its heap figure measures) and execute only completes the start.
 * A join node is a bare {@code allOf} (no task), shared by all its successors.
 */
public final class CompletableFutureDag implements Contender {

    @Override
    public String name() {
        return "completable-future";
    }

    @Override
    public Prepared prepare(Shape shape, ExecutionCounter counter) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Void> start = new CompletableFuture<>();
        int[][] predecessors = shape.predecessors();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] futures = new CompletableFuture[shape.nodeCount()];
        List<CompletableFuture<Void>> sinks = new ArrayList<>();
        for (int v : shape.topologicalOrder()) {
            int[] preds = predecessors[v];
            CompletableFuture<Void> ready;
            if (preds.length == 0) {
                ready = start;
            } else if (preds.length == 1) {
                ready = futures[preds[0]];
            } else {
                CompletableFuture<?>[] inputs = new CompletableFuture<?>[preds.length];
                for (int i = 0; i < preds.length; i++) {
                    inputs[i] = futures[preds[i]];
                }
                ready = CompletableFuture.allOf(inputs);
            }
            int job = v;
            futures[v] = shape.isJoin(v) ? ready : ready.thenRunAsync(() -> counter.ran(job), executor);
            if (shape.offsets()[v] == shape.offsets()[v + 1]) {
                sinks.add(futures[v]);
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(sinks.toArray(CompletableFuture<?>[]::new));
        return new Prepared() {
            @Override
            public void execute() throws Exception {
                try {
                    start.complete(null);
                    all.get();
                } finally {
                    executor.shutdown();
                }
            }

            @Override
            public void abandon() {
                executor.shutdownNow();
            }
        };
    }
}
