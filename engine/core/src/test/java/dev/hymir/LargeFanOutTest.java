package dev.hymir;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 10^6-job fan-out completes. Tagged "large": engine/core/pom.xml runs it in its own surefire
 * execution under -Xmx1g. Correctness only; no timing is asserted (benchmarks measure speed).
 */
@Tag("large")
class LargeFanOutTest {
    static final AtomicInteger COUNT = new AtomicInteger();

    @JobFunction
    public static void counted() {
        COUNT.incrementAndGet();
    }

    @Test
    void aMillionJobFanOutCompletes() {
        int n = 1_000_000;
        COUNT.set(0);
        Job leaf = Job.of(LargeFanOutTest::counted);
        Workflow wf = Workflow.of(Chain.of(Job.of(TestJobs::noop), Group.of(Collections.nCopies(n, leaf)), Job.of(TestJobs::noop)));
        try (HymirEngine engine = HymirEngine.builder().build()) {
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.progress(id)).isEqualTo(new Progress(n + 2, n + 2));
            assertThat(COUNT.get()).isEqualTo(n);
            assertThat(engine.jobState(id, Integer.toString(n + 2)).status()).isEqualTo(JobState.Status.SUCCESS);
        }
    }
}
