package dev.hymir;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random DAGs with random job durations: every job starts only after all its predecessors ended
 * (successfully), and runs exactly once, because nothing retries. A global sequence number orders
 * "ended" and "started" events across threads.
 */
class RandomDagPropertiesTest {
    static final AtomicLong SEQ = new AtomicLong();
    static final Map<String, long[]> SPANS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @JobFunction
    public static void timed(String key, int work) {
        long start = SEQ.incrementAndGet();
        RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        switch (work) {
            case 0 -> { }
            case 1 -> Thread.yield();
            default -> LockSupport.parkNanos(work * 10_000L);
        }
        SPANS.put(key, new long[] {start, SEQ.incrementAndGet()});
    }

    @Property(tries = 60)
    void jobsStartOnlyAfterAllPredecessorsAndRunOnce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int size,
                                                    @ForAll @IntRange(min = 0, max = 100) int edgePercent,
                                                    @ForAll @IntRange(min = 0, max = 8) int maxConcurrency) {
        SPANS.clear();
        RUNS.clear();
        Random random = new Random(seed);
        Graph<Job, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        List<Job> jobs = new ArrayList<>();
        Job template = Job.of(RandomDagPropertiesTest::timed);
        for (int i = 0; i < size; i++) {
            Job job = template.set("j" + i, random.nextInt(5));
            jobs.add(job);
            graph.addVertex(job);
        }
        // Edges only from lower to higher index: acyclic; density from 0 (a Group) to 100% (a Chain-like clique).
        for (int t = 1; t < size; t++) {
            for (int s = 0; s < t; s++) {
                if (random.nextInt(100) < edgePercent / Math.max(1, t / 4)) {
                    graph.addEdge(jobs.get(s), jobs.get(t));
                }
            }
        }
        Workflow wf = Workflow.fromGraph(graph);
        HymirEngine.Builder builder = HymirEngine.builder();
        if (maxConcurrency > 0) {
            builder.maxConcurrency(maxConcurrency);
        }
        try (HymirEngine engine = builder.build()) {
            String id = engine.run(wf);
            // Bounded so that a broken engine fails the property instead of hanging the build.
            assertThat(engine.await(id, Duration.ofMinutes(1)).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.progress(id)).isEqualTo(new Progress(size, size));
            for (Dependency d : wf.dependencies()) {
                String key = (String) wf.job(d.jobId()).args().get(0);
                assertThat(RUNS.get(key)).as("runs of " + key).hasValue(1);
                assertThat(engine.jobState(id, d.jobId()).status()).isEqualTo(JobState.Status.SUCCESS);
                long started = SPANS.get(key)[0];
                for (String p : d.predecessors()) {
                    String pKey = (String) wf.job(p).args().get(0);
                    assertThat(SPANS.get(pKey)[1]).as(pKey + " ended before " + key + " started").isLessThan(started);
                }
            }
            assertThat(RUNS).hasSize(size);
        }
    }

    @JobFunction
    public static Object maybeFails(String key, boolean fail) {
        RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return fail ? new Failure(key) : key;
    }

    /**
     * CONTINUE_OTHER_BRANCHES against a reference model: a job runs iff all its predecessors
     * succeeded; it then ends as its flag says; every other job stays PENDING.
     */
    @Property(tries = 60)
    void continueOtherBranchesMatchesTheReferenceModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int size,
                                                      @ForAll @IntRange(min = 0, max = 60) int edgePercent,
                                                      @ForAll @IntRange(min = 0, max = 30) int failPercent) {
        RUNS.clear();
        Random random = new Random(seed);
        Graph<Job, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        List<Job> jobs = new ArrayList<>();
        Job template = Job.of(RandomDagPropertiesTest::maybeFails);
        for (int i = 0; i < size; i++) {
            Job job = template.set("j" + i, random.nextInt(100) < failPercent);
            jobs.add(job);
            graph.addVertex(job);
        }
        for (int t = 1; t < size; t++) {
            for (int s = 0; s < t; s++) {
                if (random.nextInt(100) < edgePercent / Math.max(1, t / 4)) {
                    graph.addEdge(jobs.get(s), jobs.get(t));
                }
            }
        }
        Workflow wf = Workflow.fromGraph(graph);
        Map<String, JobState.Status> expected = new java.util.HashMap<>();
        boolean anyFailure = false;
        for (Dependency d : wf.dependencies()) { // topological order
            boolean runs = d.predecessors().stream().allMatch(p -> expected.get(p) == JobState.Status.SUCCESS);
            boolean fails = (Boolean) wf.job(d.jobId()).args().get(1);
            JobState.Status status = !runs ? JobState.Status.PENDING : fails ? JobState.Status.FAILURE : JobState.Status.SUCCESS;
            anyFailure |= status == JobState.Status.FAILURE;
            expected.put(d.jobId(), status);
        }
        try (HymirEngine engine = HymirEngine.builder().failurePolicy(FailurePolicy.CONTINUE_OTHER_BRANCHES).build()) {
            String id = engine.run(wf);
            WorkflowState state = engine.await(id, Duration.ofMinutes(1));
            assertThat(state.status()).isEqualTo(anyFailure ? WorkflowState.Status.FAILURE : WorkflowState.Status.SUCCESS);
            for (Map.Entry<String, JobState.Status> e : expected.entrySet()) {
                String key = (String) wf.job(e.getKey()).args().get(0);
                assertThat(engine.jobState(id, e.getKey()).status()).as("job " + e.getKey()).isEqualTo(e.getValue());
                assertThat(RUNS.containsKey(key) ? RUNS.get(key).get() : 0).as("runs of " + key)
                        .isEqualTo(e.getValue() == JobState.Status.PENDING ? 0 : 1);
            }
        }
    }
}
