package dev.hymir.dashboard;

import dev.hymir.HymirEngine;
import dev.hymir.JobState;
import dev.hymir.Progress;
import dev.hymir.Workflow;
import dev.hymir.WorkflowReader;
import dev.hymir.WorkflowState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache reads each thing once per interval, however many pages ask, and finished things never again. */
class WorkflowCacheTest {
    private HymirEngine engine;
    private CountingReader reader;

    /** Counts the reader calls by method name; answers from the engine. */
    static final class CountingReader implements WorkflowReader {
        final WorkflowReader inner;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        CountingReader(WorkflowReader inner) {
            this.inner = inner;
        }

        int calls(String method) {
            AtomicInteger n = calls.get(method);
            return n == null ? 0 : n.get();
        }

        private void count(String method) {
            calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override public List<String> workflowIds() { count("workflowIds"); return inner.workflowIds(); }
        @Override public Workflow workflow(String id) { count("workflow"); return inner.workflow(id); }
        @Override public WorkflowState workflowState(String id) { count("workflowState"); return inner.workflowState(id); }
        @Override public JobState jobState(String id, String jobId) { count("jobState"); return inner.jobState(id, jobId); }
        @Override public Map<String, JobState> jobStates(String id) { count("jobStates"); return inner.jobStates(id); }
        @Override public Map<String, JobState> jobStates(String id, Collection<String> jobIds) {
            count("jobStates(ids)");
            return inner.jobStates(id, jobIds);
        }
        @Override public Progress progress(String id) { count("progress"); return inner.progress(id); }
        @Override public Map<String, List<Object>> outputs(String id) { count("outputs"); return inner.outputs(id); }
        @Override public WorkflowState await(String id) { return inner.await(id); }
        @Override public WorkflowState await(String id, Duration timeout) { return inner.await(id, timeout); }
        @Override public void close() { }
    }

    @BeforeEach
    void start() {
        engine = Fixtures.engine();
        reader = new CountingReader(engine);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void manyPagesAskingAtOnceCauseOneReadPerInterval() throws Exception {
        String gate = "cache-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 3));
        WorkflowCache cache = new WorkflowCache(reader, Duration.ofMinutes(1));
        try (ExecutorService pages = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<States>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                reads.add(pages.submit(() -> cache.states(id)));
            }
            for (Future<States> f : reads) {
                assertThat(f.get().summary().total()).isEqualTo(5);
            }
        } finally {
            DashJobs.gate(gate).release(3);
        }
        assertThat(reader.calls("jobStates")).isEqualTo(1);
        assertThat(reader.calls("workflow")).isEqualTo(1);
    }

    @Test
    void runningWorkflowsAreReadAgainAfterTheIntervalFinishedOnesNever() throws Exception {
        String gate = "cache2-" + System.nanoTime();
        String running = engine.run(Fixtures.gatedFanOut(gate, 1));
        String done = engine.run(Fixtures.fanOut(2));
        engine.await(done);
        WorkflowCache cache = new WorkflowCache(reader, Duration.ofMillis(50));
        try {
            cache.listing();
            cache.summary(running);
            cache.summary(done);
            int listings = reader.calls("workflowIds");
            int states = reader.calls("workflowState");
            int jobStates = reader.calls("jobStates");
            Thread.sleep(120);

            cache.listing();
            assertThat(cache.summary(done).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            cache.summary(running);

            assertThat(reader.calls("workflowIds")).isEqualTo(listings + 1);
            // Again: the running workflow's state (listing) and its jobs (summary); nothing of the finished one.
            assertThat(reader.calls("workflowState")).isEqualTo(states + 2);
            assertThat(reader.calls("jobStates")).isEqualTo(jobStates + 1);
        } finally {
            DashJobs.gate(gate).release();
        }
        engine.await(running);
    }

    @Test
    void liveUpdatesNeedNoDefinitionAgainOnceManyOthersWereOpened() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = engine.run(Fixtures.fanOut(2));
            engine.await(id);
            ids.add(id);
        }
        WorkflowCache cache = new WorkflowCache(reader, Duration.ofMinutes(1));
        ids.forEach(cache::definition); // more than the definitions kept
        int reads = reader.calls("workflow");

        for (String id : ids) {
            assertThat(cache.shape(id).size()).isEqualTo(4);
        }

        assertThat(reader.calls("workflow")).isEqualTo(reads);
        cache.definition(ids.getFirst()); // the oldest definition was dropped: read again
        assertThat(reader.calls("workflow")).isEqualTo(reads + 1);
    }

    @Test
    void aClearedWorkflowLeavesTheListing() throws Exception {
        String id = engine.run(Fixtures.fanOut(1));
        engine.await(id);
        WorkflowCache cache = new WorkflowCache(reader, Duration.ofMillis(50));
        assertThat(cache.listing().entries()).extracting(WorkflowCache.Entry::id).containsExactly(id);
        cache.states(id);

        engine.clear(id);
        Thread.sleep(80);

        assertThat(cache.listing().entries()).isEmpty();
    }
}
