package dev.hymir;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Hymir's executor cases, on the embedded engine. */
class HymirEngineTest {
    private HymirEngine engine;

    @BeforeEach
    void setUp() {
        TestJobs.reset();
        engine = HymirEngine.builder().clock(TestJobs.clock).build();
    }

    private final List<String> started = new ArrayList<>();

    private String run(Workflow wf) {
        String id = engine.run(wf);
        started.add(id);
        return id;
    }

    @AfterEach
    void tearDown() {
        TestJobs.release.countDown();
        started.forEach(id -> EngineInvariants.check(engine, id));
        engine.close();
    }

    @Test
    void singleJobSucceeds() {
        String id = run(Workflow.of(Job.of(TestJobs::succeeds)));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(engine.jobState(id, "1")).isEqualTo(new JobState(JobState.Status.SUCCESS, 0, Map.of(), null));
        assertThat(engine.progress(id)).isEqualTo(new Progress(1, 1));
    }

    @Test
    void retryFailureEndsWithRetriesEqualToMaxAndLeavesTheNextJobPending() {
        String id = run(Workflow.of(Chain.of(Job.of(TestJobs::alwaysRetries), Job.of(TestJobs::neverRuns))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        JobState retried = engine.jobState(id, "1");
        assertThat(retried.status()).isEqualTo(JobState.Status.FAILURE);
        assertThat(retried.retries()).isEqualTo(3);
        assertThat(retried.exception()).contains("maxRetries = 3");
        assertThat(TestJobs.calls("alwaysRetries")).isEqualTo(4);
        assertThat(engine.jobState(id, "2").status()).isEqualTo(JobState.Status.PENDING);
        assertThat(TestJobs.calls("neverRuns")).isZero();
    }

    @Test
    void retryWaitsForTheClockAndThenSucceeds() {
        String id = run(Workflow.of(Job.of(TestJobs::retriesTwiceThenSucceeds).withInputs("job_state").withOutput("r")));
        advanceUntilFinished(id, Duration.ofSeconds(10));
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(engine.jobState(id, "1").retries()).isEqualTo(2);
        assertThat(engine.outputs(id)).isEqualTo(Map.of("r", List.of("done after 2")));
        assertThat(TestJobs.calls("retriesTwiceThenSucceeds")).isEqualTo(3);
    }

    @Test
    void failureStopsTheChain() {
        String id = run(Workflow.of(Chain.of(Job.of(TestJobs::fails), Job.of(TestJobs::neverRuns))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        assertThat(engine.jobState(id, "1").status()).isEqualTo(JobState.Status.FAILURE);
        assertThat(engine.jobState(id, "1").exception()).contains("Failure(no)");
        assertThat(engine.jobState(id, "2").status()).isEqualTo(JobState.Status.PENDING);
        assertThat(engine.progress(id)).isEqualTo(new Progress(1, 2));
        assertThat(TestJobs.calls("neverRuns")).isZero();
    }

    @Test
    void checkLaterRunsAgainOnceTheClockHasMoved() {
        String id = run(Workflow.of(Job.of(TestJobs::checksUntilThreeMinutes)));
        advanceUntilFinished(id, Duration.ofMinutes(1));
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(TestJobs.calls("checksUntilThreeMinutes")).isBetween(2, 4);
        assertThat(engine.jobState(id, "1").retries()).as("CheckLater is not a retry").isZero();
    }

    @Test
    void checkLaterHandsItsContextBack() {
        String id = run(Workflow.of(Job.of(TestJobs::countsInContext)));
        advanceUntilFinished(id, Duration.ofSeconds(5));
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(engine.outputs(id)).isEqualTo(Map.of("count", List.of(3)));
        assertThat(TestJobs.calls("countsInContext")).isEqualTo(3);
        JobState state = engine.jobState(id, "1");
        assertThat(state.context()).isEqualTo(Map.of("n", 2));
        assertThat(state.retries()).isZero();
    }

    @Test
    void unhandledExceptionIsCapturedWithItsStackTrace() {
        String id = run(Workflow.of(Job.of(TestJobs::throwsException)));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        JobState state = engine.jobState(id, "1");
        assertThat(state.status()).isEqualTo(JobState.Status.FAILURE);
        assertThat(state.exception())
                .startsWith("java.lang.IllegalStateException: boom in a job")
                .contains("at dev.hymir.TestJobs.throwsException(");
    }

    @Test
    void reservedInputsGiveIdsAndTheWorkflow() {
        Workflow wf = Workflow.of(Chain.of(Job.of(TestJobs::succeeds), Job.of(TestJobs::ids)));
        String id = run(wf);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(engine.outputs(id)).isEqualTo(Map.of("ids", List.of(Map.of("job_id", "2", "workflow_id", id))));
        // The run's snapshot of wf (its callbacks as of run()): the one engine.workflow(id) returns.
        assertThat(TestJobs.SEEN.get()).isSameAs(engine.workflow(id));
        assertThat(((Workflow) TestJobs.SEEN.get()).toJson()).isEqualTo(wf.toJson());
    }

    @Test
    void reservedInputsAcceptCamelCase() {
        String id = run(Workflow.of(Job.of(TestJobs::camelIds)));
        engine.await(id);
        assertThat(engine.outputs(id)).isEqualTo(Map.of("ids", List.of(Map.of("job_id", "1", "workflow_id", id))));
    }

    @Test
    void jobStatesAllAndSubset() {
        String id = run(Workflow.of(Chain.of(Job.of(TestJobs::succeeds), Job.of(TestJobs::fails), Job.of(TestJobs::neverRuns))));
        engine.await(id);
        assertThat(engine.jobStates(id)).containsOnlyKeys("1", "2", "3");
        assertThat(engine.jobStates(id).values()).extracting(JobState::status)
                .containsExactly(JobState.Status.SUCCESS, JobState.Status.FAILURE, JobState.Status.PENDING);
        Map<String, JobState> subset = engine.jobStates(id, List.of("3", "1"));
        assertThat(subset.keySet()).containsExactly("3", "1");
        assertThat(subset.get("1").status()).isEqualTo(JobState.Status.SUCCESS);
        assertThatThrownBy(() -> engine.jobStates(id, List.of("4"))).isInstanceOf(JobDoesNotExist.class);
    }

    @Test
    void readsDoNotBlockWhileAJobRuns() throws Exception {
        String id = run(Workflow.of(Chain.of(Job.of(TestJobs::blocks), Job.of(TestJobs::succeeds))));
        TestJobs.started.await();
        await().until(() -> engine.jobState(id, "1").status() == JobState.Status.STARTING);
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.RUNNING);
        assertThat(engine.progress(id)).isEqualTo(new Progress(0, 2));
        assertThat(engine.jobState(id, "2").status()).isEqualTo(JobState.Status.PENDING);
        assertThat(engine.await(id, Duration.ofMillis(1)).status()).isEqualTo(WorkflowState.Status.RUNNING);
        TestJobs.release.countDown();
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(engine.progress(id)).isEqualTo(new Progress(2, 2));
    }

    @Test
    void clearOnlyOnceFinished() throws Exception {
        String id = run(Workflow.of(Job.of(TestJobs::blocks)));
        TestJobs.started.await();
        assertThatThrownBy(() -> engine.clear(id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only a finished workflow can be cleared");
        TestJobs.release.countDown();
        engine.await(id);
        engine.clear(id);
        assertThatThrownBy(() -> engine.workflow(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.workflowState(id)).isInstanceOf(WorkflowDoesNotExist.class);
    }

    @Test
    void reportsWorkflowWithRenamedListInputAndCallback() {
        Workflow wf = Workflow.of(Chain.of(
                        Job.of(TestJobs::onboarding).set("acme"),
                        Group.of(
                                Job.of(TestJobs::report).set("inventory", Map.of("rows", 3)),
                                Job.of(TestJobs::report).set("sales", Map.of("rows", 4))),
                        Job.of(TestJobs::processReports),
                        Job.of(TestJobs::rollups)))
                .on(Callback.ON_FINISHED, Job.of(TestJobs::notifyDone))
                .on(Callback.ON_SUCCESS, Job.of(TestJobs::notifySuccess))
                .on(Callback.ON_FAILURE, Job.of(TestJobs::notifyFailure));
        String id = run(wf);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        // The final status is published only after the callbacks ran.
        assertThat(TestJobs.CALLBACKS).containsExactlyInAnyOrder("finished SUCCESS [7]", "success");
        assertThat(TestJobs.calls("report")).isEqualTo(2);
        assertThat(TestJobs.calls("rollups")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reports = (List<Map<String, Object>>) TestJobs.SEEN.get();
        assertThat(reports).extracting(r -> r.get("kind")).containsExactlyInAnyOrder("inventory", "sales");
        Map<String, List<Object>> outputs = engine.outputs(id);
        assertThat(outputs.keySet()).containsExactly("counts", "inventory_reports");
        assertThat(outputs.get("counts")).containsExactly(7);
        assertThat(outputs.get("inventory_reports")).hasSize(2);
    }

    @Test
    void onFailureCallbackRunsAndAThrowingCallbackStillEndsTheWorkflow() {
        Workflow wf = Workflow.of(Job.of(TestJobs::fails))
                .on(Callback.ON_FINISHED, Job.of(TestJobs::callbackThrows))
                .on(Callback.ON_SUCCESS, Job.of(TestJobs::notifySuccess))
                .on(Callback.ON_FAILURE, Job.of(TestJobs::notifyFailure));
        String id = run(wf);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        assertThat(TestJobs.CALLBACKS).containsExactlyInAnyOrder("threw", "failure");
    }

    @Test
    void explicitKwargWinsOverInput() {
        Workflow wf = Workflow.of(Chain.of(
                Job.of(TestJobs::produce).set(1),
                Job.of(TestJobs::consumeOne).withKwargs(Map.of("values", 42)).withOutput("out")));
        String id = run(wf);
        engine.await(id);
        assertThat(engine.outputs(id).get("out")).containsExactly(42);
    }

    @Test
    void moreThanOneValueForASingleValuedInputFailsNamingTheInput() {
        Workflow wf = Workflow.of(Chain.of(
                Group.of(Job.of(TestJobs::produce).set(1), Job.of(TestJobs::produce).set(2)),
                Job.of(TestJobs::consumeOne)));
        String id = run(wf);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        assertThat(engine.jobState(id, "3").exception())
                .contains("input 'values' of job 3").contains("has 2 values").contains("declare it as a List");
    }

    @Test
    void unserializableOutputFailsTheJob() {
        String id = run(Workflow.of(Chain.of(Job.of(TestJobs::unserializable), Job.of(TestJobs::neverRuns))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
        JobState state = engine.jobState(id, "1");
        assertThat(state.status()).isEqualTo(JobState.Status.FAILURE);
        assertThat(state.exception()).contains("InvalidJobReturn").contains("output 'bad'")
                .contains("cannot be serialized to JSON");
        assertThat(engine.outputs(id)).doesNotContainKey("bad");
    }

    @Test
    void invalidWorkflowIsRejectedAtRun() {
        assertThatThrownBy(() -> run(Workflow.of(Job.named("dev.hymir.TestJobs.nope"))))
                .isInstanceOf(InvalidWorkflow.UnknownJob.class);
        assertThatThrownBy(() -> run(Workflow.of(Job.of(TestJobs::noop).withMeta(Map.of("timeout", "soon")))))
                .isInstanceOf(InvalidWorkflow.Malformed.class).hasMessageContaining("meta timeout 'soon'");
    }

    @Test
    void unknownIdIsWorkflowDoesNotExistEverywhere() {
        String id = "no-such-workflow";
        assertThatThrownBy(() -> engine.workflow(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.workflowState(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.jobState(id, "1")).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.jobStates(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.progress(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.await(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.completion(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.outputs(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.clear(id)).isInstanceOf(WorkflowDoesNotExist.class);
        assertThatThrownBy(() -> engine.cancel(id)).isInstanceOf(WorkflowDoesNotExist.class);
    }

    @Test
    void workflowAndCompletion() throws Exception {
        Workflow wf = Workflow.of(Job.of(TestJobs::succeeds));
        String id = run(wf);
        assertThat(engine.workflow(id).toJson()).isEqualTo(wf.toJson());
        assertThat(engine.workflow(id)).isSameAs(engine.workflow(id));
        assertThat(engine.completion(id).get().status()).isEqualTo(WorkflowState.Status.SUCCESS);
    }

    @Test
    void handlerJobsGetTheirCallWithInputsContextAndRetries() {
        java.util.Queue<String> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        JobRegistry registry = JobRegistry.standard().register("polling", call -> {
            int n = ((Number) call.context().getOrDefault("n", 0)).intValue();
            seen.add(call.jobId() + " n=" + n + " retries=" + call.retries() + " values=" + call.inputs().get("values")
                    + " wf=" + call.inputs().get("workflow_id").equals(List.of(call.workflowId())));
            return n < 2 ? new CheckLater(Duration.ZERO, Map.of("n", n + 1)) : "polled " + n;
        });
        engine.close();
        engine = HymirEngine.builder().registry(registry).clock(TestJobs.clock).build();
        String id = run(Workflow.of(Chain.of(Job.of(TestJobs::produce).set(5),
                Job.named("polling").withInputs("values", "workflow_id").withOutput("polled"))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(seen).containsExactly("2 n=0 retries=0 values=[5] wf=true", "2 n=1 retries=0 values=[5] wf=true",
                "2 n=2 retries=0 values=[5] wf=true");
        assertThat(engine.outputs(id).get("polled")).containsExactly("polled 2");
    }

    @Test
    void retryWaitsAtLeastWaitMinOnTheClock() {
        java.util.Queue<Duration> calls = new java.util.concurrent.ConcurrentLinkedQueue<>();
        JobRegistry registry = JobRegistry.standard().register("flaky", call -> {
            calls.add(TestJobs.clock.elapsed());
            return call.retries() == 0 ? new Retry(Duration.ofSeconds(10), Duration.ofSeconds(20), 1) : "ok";
        });
        engine.close();
        engine = HymirEngine.builder().registry(registry).clock(TestJobs.clock).build();
        String id = run(Workflow.of(Job.named("flaky")));
        advanceUntilFinished(id, Duration.ofSeconds(1));
        assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        assertThat(engine.jobState(id, "1").retries()).isEqualTo(1);
        Duration[] at = calls.toArray(Duration[]::new);
        assertThat(at).hasSize(2);
        assertThat(at[1].minus(at[0])).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    /** Moves the manual clock by {@code step} until the workflow has finished; robust to when timers are set. */
    private void advanceUntilFinished(String id, Duration step) {
        await().pollInterval(Duration.ofMillis(5)).until(() -> {
            if (engine.workflowState(id).isFinished()) {
                return true;
            }
            TestJobs.clock.advance(step);
            return false;
        });
    }
}
