package dev.hymir;

import dev.hymir.internal.graph.Plan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes the engine is built for compile to O(jobs) plans (correctness only; speed is benchmarked). */
@Tag("large")
class LargeWorkflowTest {
    private static List<Step> jobs(String name, int count) {
        List<Step> jobs = new ArrayList<>(count);
        Job job = Job.named(name);
        for (int i = 0; i < count; i++) {
            jobs.add(job);
        }
        return jobs;
    }

    @Test
    void consecutiveGroupsCompileThroughAJoinNode() {
        Workflow wf = Workflow.of(Chain.of(Group.of(jobs("m.a", 3000)), Group.of(jobs("m.b", 3000))));
        Plan plan = Plan.compile(wf.dag());

        assertThat(plan.nodeCount()).isEqualTo(6001); // 6,000 jobs + 1 join
        assertThat(plan.edgeCount()).isEqualTo(6000); // not 9,000,000
        // Hymir's view is unchanged: every job of the second group waits for all 3,000 of the first.
        Dependency last = wf.dependencies().get(5999);
        assertThat(last.jobId()).isEqualTo("6000");
        assertThat(last.predecessors()).hasSize(3000).startsWith("1", "2").endsWith("3000");
    }

    @Test
    void aMillionJobGroupCompiles() {
        int n = 1_000_000;
        Workflow wf = Workflow.of(Chain.of(Job.named("m.root"), Group.of(jobs("m.work", n)), Job.named("m.sink")));
        Plan plan = Plan.compile(wf.dag());

        assertThat(wf.size()).isEqualTo(n + 2);
        assertThat(plan.nodeCount()).isEqualTo(n + 2);
        assertThat(plan.edgeCount()).isEqualTo(2 * n);
        assertThat(plan.inDegree()[0]).isZero();
        assertThat(plan.inDegree()[1]).isEqualTo(1);
        assertThat(plan.inDegree()[n + 1]).isEqualTo(n);
        assertThat(wf.job(Integer.toString(n + 2)).name()).isEqualTo("m.sink");
        assertThat(wf.dependencies().get(n + 1).predecessors()).hasSize(n);
    }
}
