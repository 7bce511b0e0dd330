package dev.hymir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Beyond Hymir: cancel, timeouts on the injected clock, concurrency limits, failure policy, close, metrics. */
class EngineControlTest {
    private final List<HymirEngine> engines = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestJobs.reset();
    }

    private final List<Map.Entry<HymirEngine, String>> started = new ArrayList<>();

    private String run(HymirEngine engine, Workflow wf) {
        String id = engine.run(wf);
        started.add(Map.entry(engine, id));
        return id;
    }

    @AfterEach
    void tearDown() {
        TestJobs.release.countDown();
        started.forEach(e -> EngineInvariants.check(e.getKey(), e.getValue()));
        engines.forEach(HymirEngine::close);
    }

    private HymirEngine engine(HymirEngine.Builder builder) {
        HymirEngine engine = builder.clock(TestJobs.clock).build();
        engines.add(engine);
        return engine;
    }

    @Test
    void cancelInterruptsRunningJobsAndStartsNothingNew() throws Exception {
        HymirEngine engine = engine(HymirEngine.builder());
        String id = run(engine, Workflow.of(Chain.of(Job.of(TestJobs::blocks), Job.of(TestJobs::neverRuns))));
        TestJobs.started.await();
        engine.cancel(id);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.CANCELLED);
        assertThat(engine.jobState(id, "1").status()).isEqualTo(JobState.Status.FAILURE);
        assertThat(engine.jobState(id, "1").exception()).contains("cancelled");
        assertThat(engine.jobState(id, "2").status()).isEqualTo(JobState.Status.PENDING);
        await().until(() -> TestJobs.interrupted);
        assertThat(TestJobs.calls("neverRuns")).isZero();
        engine.cancel(id); // cancelling a finished run changes nothing
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.CANCELLED);
    }

    @Test
    void cancelAWorkflowWaitingForARetry() {
        HymirEngine engine = engine(HymirEngine.builder());
        String id = run(engine, Workflow.of(Job.of(TestJobs::retriesTwiceThenSucceeds).withInputs("job_state")));
        await().until(() -> engine.jobState(id, "1").retries() == 1);
        engine.cancel(id);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.CANCELLED);
        TestJobs.clock.advance(Duration.ofMinutes(1));
        assertThat(engine.jobState(id, "1").status()).isEqualTo(JobState.Status.PENDING);
        assertThat(TestJobs.calls("retriesTwiceThenSucceeds")).isEqualTo(1);
    }

    @Test
    void metaTimeoutFailsTheJobAndInterruptsIt() throws Exception {
        HymirEngine engine = engine(HymirEngine.builder());
        String id = run(engine, Workflow.of(Chain.of(
                Job.of(TestJobs::blocks).withMeta(Map.of("timeout", "PT30S")), Job.of(TestJobs::neverRuns))));
        TestJobs.started.await(); // the timeout timer is set before the job's thread starts
        TestJobs.clock.advance(Duration.ofSeconds(29));
        assertThat(engine.await(id, Duration.ofMillis(20)).status()).isEqualTo(WorkflowState.Status.RUNNING);
        TestJobs.clock.advance(Duration.ofSeconds(1));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        assertThat(engine.jobState(id, "1").exception()).contains("job 1").contains("timed out after PT30S");
        assertThat(engine.jobState(id, "2").status()).isEqualTo(JobState.Status.PENDING);
        await().until(() -> TestJobs.interrupted);
    }

    @Test
    void timeoutInMillisecondsAndDefaultTimeout() throws Exception {
        HymirEngine engine = engine(HymirEngine.builder().defaultJobTimeout(Duration.ofMinutes(5)));
        String id = run(engine, Workflow.of(Job.of(TestJobs::blocks)));
        TestJobs.started.await();
        TestJobs.clock.advance(Duration.ofMinutes(5));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        assertThat(engine.jobState(id, "1").exception()).contains("timed out after PT5M");

        TestJobs.reset();
        HymirEngine millis = engine(HymirEngine.builder());
        String id2 = run(millis, Workflow.of(Job.of(TestJobs::blocks).withMeta(Map.of("timeout", 1500))));
        TestJobs.started.await();
        TestJobs.clock.advance(Duration.ofMillis(1500));
        assertThat(millis.await(id2).status()).isEqualTo(WorkflowState.Status.FAILURE);
        assertThat(millis.jobState(id2, "1").exception()).contains("timed out after PT1.5S");
    }

    @Test
    void aJobFinishingBeforeItsTimeoutSucceeds() {
        HymirEngine engine = engine(HymirEngine.builder().defaultJobTimeout(Duration.ofSeconds(1)));
        String id = run(engine, Workflow.of(Chain.of(Job.of(TestJobs::succeeds), Job.of(TestJobs::succeeds))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        TestJobs.clock.advance(Duration.ofSeconds(2)); // stale timers fire into nothing
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
    }

    @Test
    void maxConcurrencyIsNeverExceeded() {
        HymirEngine engine = engine(HymirEngine.builder().maxConcurrency(3));
        List<Step> jobs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            jobs.add(Job.of(TestJobs::tracked).set("k" + i));
        }
        String a = run(engine, Workflow.of(Group.of(jobs)));
        String b = run(engine, Workflow.of(Group.of(jobs)));
        assertThat(engine.await(a).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(engine.await(b).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(TestJobs.calls("tracked")).isEqualTo(120);
        assertThat(TestJobs.MAX_RUNNING.get()).isBetween(1, 3);
    }

    @Test
    void perJobNameConcurrencyFromMeta() {
        HymirEngine engine = engine(HymirEngine.builder());
        List<Step> jobs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            jobs.add(Job.of(TestJobs::tracked).set("k" + i).withMeta(Map.of("concurrency", "2")));
            jobs.add(Job.of(TestJobs::succeeds).withMeta(Map.of("n", i)));
        }
        String id = run(engine, Workflow.of(Group.of(jobs)));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(TestJobs.calls("tracked")).isEqualTo(60);
        assertThat(TestJobs.calls("succeeds")).isEqualTo(60);
        assertThat(TestJobs.MAX_RUNNING.get()).isBetween(1, 2);
    }

    @Test
    void continueOtherBranchesRunsWhatDoesNotDependOnTheFailure() {
        HymirEngine engine = engine(HymirEngine.builder().failurePolicy(FailurePolicy.CONTINUE_OTHER_BRANCHES));
        String id = run(engine, Workflow.of(Group.of(
                Chain.of(Job.of(TestJobs::fails), Job.of(TestJobs::neverRuns)),
                Chain.of(Job.of(TestJobs::succeeds), Job.of(TestJobs::retriesTwiceThenSucceeds).withInputs("job_state")))));
        await().pollInterval(Duration.ofMillis(5)).until(() -> {
            TestJobs.clock.advance(Duration.ofSeconds(10));
            return engine.workflowState(id).isFinished();
        });
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        assertThat(engine.jobStates(id).values()).extracting(JobState::status).containsExactly(
                JobState.Status.FAILURE, JobState.Status.PENDING, JobState.Status.SUCCESS, JobState.Status.SUCCESS);
        assertThat(engine.progress(id)).isEqualTo(new Progress(3, 4));
    }

    @Test
    void closeCancelsRunningWorkflowsAndStopsTheEnginesThreads() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        HymirEngine engine = HymirEngine.builder().clock(TestJobs.clock).build();
        java.util.List<Thread> own = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("hymir-")).toList();
        assertThat(own).as("the engine's platform threads").isNotEmpty().allMatch(Thread::isAlive);
        String id = run(engine, Workflow.of(Chain.of(Job.of(TestJobs::blocks), Job.of(TestJobs::neverRuns)))
                .on(Callback.ON_FINISHED, Job.of(TestJobs::notifyFailure)));
        TestJobs.started.await();

        engine.close();

        assertThat(own).as("close() stops the engine's threads").noneMatch(Thread::isAlive);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.CANCELLED);
        assertThat(engine.jobState(id, "2").status()).isEqualTo(JobState.Status.PENDING);
        assertThat(TestJobs.CALLBACKS).as("callbacks do not run on close").isEmpty();
        await().until(() -> TestJobs.interrupted);
        assertThatThrownBy(() -> run(engine, Workflow.of(Job.of(TestJobs::noop))))
                .isInstanceOf(IllegalStateException.class).hasMessage("engine is closed");
        engine.close(); // idempotent
    }

    @Test
    void metricsCountJobsAndWorkflows() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HymirEngine engine = engine(HymirEngine.builder().meterRegistry(meters));
        String id = run(engine, Workflow.of(Chain.of(Job.of(TestJobs::succeeds), Job.of(TestJobs::alwaysRetries))));
        engine.await(id);
        assertThat(meters.get("hymir.jobs.started").counter().count()).isEqualTo(5);
        assertThat(meters.get("hymir.jobs.finished").tag("outcome", "success").counter().count()).isEqualTo(1);
        assertThat(meters.get("hymir.jobs.finished").tag("outcome", "retry").counter().count()).isEqualTo(3);
        assertThat(meters.get("hymir.jobs.finished").tag("outcome", "failure").counter().count()).isEqualTo(1);
        assertThat(meters.get("hymir.job.duration").tag("job_name", "dev.hymir.TestJobs.succeeds").timer().count()).isEqualTo(1);
        assertThat(meters.get("hymir.workflows.finished").tag("status", "failure").counter().count()).isEqualTo(1);
        assertThat(meters.get("hymir.workflows.active").gauge().value()).isZero();
        assertThat(meters.get("hymir.scheduler.batch.size").summary().count()).isPositive();
    }

    @Test
    void schedulerReadyGaugeReadsHowManyJobsWaitForASlot() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HymirEngine engine = engine(HymirEngine.builder().meterRegistry(meters).maxConcurrency(1));
        List<Step> four = List.of(Job.of(TestJobs::blocks), Job.of(TestJobs::blocks), Job.of(TestJobs::blocks),
                Job.of(TestJobs::blocks));
        String id = run(engine, Workflow.of(Group.of(four)));
        assertThat(TestJobs.started.await(10, TimeUnit.SECONDS)).isTrue();
        // One job holds the only slot; the other three are ready and wait.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.get("hymir.scheduler.ready").gauge().value()).isEqualTo(3.0));
        assertThat(TestJobs.calls("blocks")).isEqualTo(1);
        TestJobs.release.countDown();
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(TestJobs.calls("blocks")).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.get("hymir.scheduler.ready").gauge().value()).isZero());
    }

}
