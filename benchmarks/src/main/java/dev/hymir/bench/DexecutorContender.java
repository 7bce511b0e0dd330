package dev.hymir.bench;

import com.github.dexecutor.core.DefaultDexecutor;
import com.github.dexecutor.core.DexecutorConfig;
import com.github.dexecutor.core.ExecutionConfig;
import com.github.dexecutor.core.task.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Dexecutor 2.1.2 (Maven Central), the DAG executor a Java user finds first: every edge is an
 * {@code addDependency}, every job a {@code Task}, run on a virtual-thread-per-task executor
 * ({@code ExecutionConfig.TERMINATING}). Join nodes are no-op tasks that are not counted as jobs.
 *
 * <p>Its scheduling cost grows much faster than linearly with the graph (measured on this machine,
 * see README), so it runs only up to {@link #MAX_JOBS} jobs and each run is capped at
 * {@link #CAP_SECONDS}: bigger shapes are recorded as skipped, not waited for.
 */
public final class DexecutorContender implements Contender {
    static final int MAX_JOBS = 20_000;
    static final int CAP_SECONDS = 30;

    @Override
    public String name() {
        return "dexecutor";
    }

    @Override
    public int maxJobs() {
        return MAX_JOBS;
    }

    @Override
    public int capSeconds() {
        return CAP_SECONDS;
    }

    @Override
    public Prepared prepare(Shape shape, ExecutionCounter counter) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        DexecutorConfig<Integer, Boolean> config = new DexecutorConfig<>(executor, id -> new NoOp(id, shape, counter));
        DefaultDexecutor<Integer, Boolean> dexecutor = new DefaultDexecutor<>(config);
        int[] offsets = shape.offsets();
        int[] targets = shape.targets();
        for (int u = 0; u < shape.nodeCount(); u++) {
            if (offsets[u] == offsets[u + 1] && shape.inDegree()[u] == 0) {
                dexecutor.addIndependent(u);
            }
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                dexecutor.addDependency(u, targets[e]);
            }
        }
        return new Prepared() {
            @Override
            public void execute() {
                try {
                    dexecutor.execute(ExecutionConfig.TERMINATING);
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

    /** Dexecutor's tasks must be Serializable; the fields are transient because nothing serializes them. */
    private static final class NoOp extends Task<Integer, Boolean> {
        private final int node;
        private final transient Shape shape;
        private final transient ExecutionCounter counter;

        NoOp(int node, Shape shape, ExecutionCounter counter) {
            this.node = node;
            this.shape = shape;
            this.counter = counter;
        }

        @Override
        public Boolean execute() {
            if (!shape.isJoin(node)) {
                counter.ran(node);
            }
            return Boolean.TRUE;
        }
    }
}
