package dev.hymir.it.workers;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.HymirWorker;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.JobState;
import dev.hymir.RedisWorkers;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Workflows run on workers in this JVM through a real redis-server: what a job sees and returns is what it would in one JVM. */
class WorkersTest {
    static LocalRedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static HymirWorker worker(String... queues) {
        HymirWorker.Builder b = HymirWorker.builder().redis(redis.url()).registry(WorkerJobs.registry()).concurrency(16);
        if (queues.length > 0) {
            b.queues(queues);
        }
        return b.build().start();
    }

    private static HymirEngine coordinator(String name) {
        return HymirEngine.builder().registry(JobRegistry.explicitOnly())
                .dispatcher(RedisWorkers.connect(redis.url(), RedisWorkers.Options.builder().name(name).build())).build();
    }

    @Test
    void outputsAndInputsTravelBothWays() {
        try (HymirWorker w = worker(); HymirEngine engine = coordinator("outputs")) {
            // By name, as a coordinator without the job classes writes them: inputs and outputs spelled out.
            String id = engine.run(Workflow.of(Chain.of(
                    Group.of(Job.named("it.square").set(2).withOutput("squares"), Job.named("it.square").set(3).withOutput("squares"),
                            Job.of(WorkerJobs::square).set(4)),
                    Group.of(Job.named("it.sum").withInputs("squares"), Job.named("it.total").withInputs("squares->values").withOutput("total")))));
            assertThat(engine.await(id).status()).as(() -> "job states: " + engine.jobStates(id)).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.outputs(id).get("squares")).containsExactlyInAnyOrder(4, 9, 16);
            assertThat(engine.outputs(id).get("total")).containsExactly(29);
        }
    }

    @Test
    void retryCheckLaterFailureAndExceptionsKeepTheirMeaning() {
        try (HymirWorker w = worker(); HymirEngine engine = coordinator("results")) {
            String id = engine.run(Workflow.of(Group.of(Job.of(WorkerJobs::retries).set(2), Job.of(WorkerJobs::checks).set(3))));
            assertThat(engine.await(id).status()).as(() -> "job states: " + engine.jobStates(id)).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.outputs(id)).containsEntry("retried", List.of(2)).containsEntry("checked", List.of(3));
            assertThat(engine.jobState(id, "1").retries()).isEqualTo(2);

            String failed = engine.run(Workflow.of(Job.named("it.fails").set("no")));
            assertThat(engine.await(failed).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.jobState(failed, "1").exception()).isEqualTo("job 1 (it.fails) returned Failure(no)");

            String threw = engine.run(Workflow.of(Job.named("it.throws").set("boom")));
            assertThat(engine.await(threw).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.jobState(threw, "1").exception()).contains("IllegalStateException: boom");
        }
    }

    @Test
    void reservedInputsAreFilled() {
        try (HymirWorker w = worker(); HymirEngine engine = coordinator("reserved")) {
            String id = engine.run(Workflow.of(Chain.of(Job.of(WorkerJobs::square).set(1), Job.of(WorkerJobs::reserved))));
            assertThat(engine.await(id).status()).as(() -> "job states: " + engine.jobStates(id)).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.outputs(id).get("seen")).containsExactly(id + "/2/2/RUNNING");
        }
    }

    @Test
    void jobsGoToTheQueueTheirMetaNames() {
        try (HymirWorker fast = worker("fast"); HymirEngine engine = coordinator("queues")) {
            String id = engine.run(Workflow.of(Job.named("it.square").set(5).withMeta(Map.of("queue", "fast"))));
            assertThat(engine.await(id).status()).as(() -> "job states: " + engine.jobStates(id)).isEqualTo(WorkflowState.Status.SUCCESS);
            // The worker counts a job done once its answer is sent, which the engine may have read first.
            org.awaitility.Awaitility.await().until(() -> fast.stats().done() == 1);
        }
    }

    @Test
    void aTimeoutInterruptsTheJobOnItsWorker() {
        try (HymirWorker w = worker(); HymirEngine engine = coordinator("timeouts")) {
            String id = engine.run(Workflow.of(Job.named("it.sleep").set(60_000).withMeta(Map.of("timeout", "PT0.3S"))));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.jobState(id, "1").exception()).contains("timed out after PT0.3S");
            org.awaitility.Awaitility.await().until(() -> w.stats().running() == 0 && w.stats().done() == 1);
        }
    }

    @Test
    void jobsThatOutliveTheirLeaseWhileItIsRenewedAreNotTakenOver() {
        java.time.Duration lease = java.time.Duration.ofMillis(600);
        try (HymirWorker a = HymirWorker.builder().redis(redis.url()).registry(WorkerJobs.registry()).concurrency(4).lease(lease).build().start();
             HymirWorker b = HymirWorker.builder().redis(redis.url()).registry(WorkerJobs.registry()).concurrency(4).lease(lease).build().start();
             HymirEngine engine = coordinator("leases")) {
            // Four jobs of 3 s (five leases each) held at once, by one worker or both; the other scans for
            // entries to take over all along.
            String id = engine.run(Workflow.of(Group.of(Job.of(WorkerJobs::counted).set("lease-1", 3_000L),
                    Job.of(WorkerJobs::counted).set("lease-2", 3_000L), Job.of(WorkerJobs::counted).set("lease-3", 3_000L),
                    Job.of(WorkerJobs::counted).set("lease-4", 3_000L))));
            assertThat(engine.await(id).status()).as(() -> "job states: " + engine.jobStates(id)).isEqualTo(WorkflowState.Status.SUCCESS);
            for (int i = 1; i <= 4; i++) {
                assertThat(WorkerJobs.RUNS.get("lease-" + i)).as("runs of lease-" + i).hasValue(1);
            }
            assertThat(a.stats().takenOver() + b.stats().takenOver()).isZero();
            assertThat(a.stats().leasesLost() + b.stats().leasesLost()).isZero();
        }
    }

    @Test
    void aCallThatDoesNotFitItsFunctionFailsNamingTheParameter() {
        try (HymirWorker w = worker(); HymirEngine engine = coordinator("signature")) {
            // The coordinator does not know it.sum: the worker checks what run() would have.
            String id = engine.run(Workflow.of(Job.named("it.sum")));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.jobState(id, "1").exception()).contains("SignatureMismatch")
                    .contains("job 1 (it.sum) gives no value to parameter 'squares'");
        }
    }

    @Test
    void aCancelInterruptsTheJobsOnTheirWorker() {
        try (HymirWorker w = worker(); HymirEngine engine = coordinator("cancel")) {
            String id = engine.run(Workflow.of(Group.of(Job.of(WorkerJobs::sleep).set(60_000L), Job.of(WorkerJobs::sleep).set(60_000L))));
            org.awaitility.Awaitility.await().until(() -> w.stats().running() == 2);
            engine.cancel(id);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.CANCELLED);
            assertThat(engine.jobState(id, "1").exception()).contains("was interrupted: the workflow was cancelled");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> w.stats().running() == 0);
        }
    }

    @Test
    void twoCoordinatorsOfOneNameAreRefused() {
        try (HymirEngine first = coordinator("twins")) {
            long t0 = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisWorkers.connect(redis.url(),
                            RedisWorkers.Options.builder().name("twins").build()))
                    .isInstanceOf(dev.hymir.HymirException.class)
                    .hasMessageContaining("another coordinator named 'twins' is running")
                    .hasMessageContaining("RedisWorkers.Options.builder().name(...)");
            System.out.println("refused after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        coordinator("twins").close(); // the first gave the name back when it closed
    }

    @Test
    void anUnknownNameFailsAfterItsDeliveries() {
        try (HymirWorker w = HymirWorker.builder().redis(redis.url()).registry(WorkerJobs.registry())
                .lease(java.time.Duration.ofMillis(300)).build().start();
             HymirEngine engine = coordinator("unknown")) {
            String id = engine.run(Workflow.of(Job.named("it.nobody.knows")));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            JobState s = engine.jobState(id, "1");
            assertThat(s.exception()).startsWith("no worker knows job 'it.nobody.knows'").contains("delivered 3 times");
        }
    }
}
