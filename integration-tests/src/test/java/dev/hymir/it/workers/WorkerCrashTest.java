package dev.hymir.it.workers;

import dev.hymir.HymirEngine;
import dev.hymir.JobRegistry;
import dev.hymir.JournalEntry;
import dev.hymir.JournalReader;
import dev.hymir.RedisWorkers;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 of a worker, of the coordinator, and of redis-server, in the middle of a fan-out run by worker
 * processes (child JVMs): the workflow still succeeds, every job's effect is recorded, and the consumer
 * of the fan-out's output sees each value exactly once.
 */
class WorkerCrashTest {
    @TempDir
    Path tmp;
    LocalRedisServer redis;
    Children children;

    @BeforeEach
    void start() {
        redis = LocalRedisServer.start();
        children = new Children();
    }

    @AfterEach
    void stop() {
        children.close();
        redis.close();
    }

    private List<Path> sides(int n) {
        List<Path> sides = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sides.add(tmp.resolve("side-" + i + ".txt"));
        }
        return sides;
    }

    private static RedisWorkers dispatcher(String url, String name) {
        return RedisWorkers.connect(url, RedisWorkers.Options.builder().name(name).build());
    }

    @Test
    void aWorkerKilledMidRunLosesNothing() throws Exception {
        int jobs = 20_000;
        int concurrency = 32;
        List<Path> sides = sides(3);
        List<Children.Child> workers = new ArrayList<>();
        for (Path side : sides) {
            workers.add(children.worker(redis.url(), side, concurrency, 3_000, 5_000));
        }
        RedisWorkers dispatcher = dispatcher(redis.url(), "kill-worker");
        try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly()).dispatcher(dispatcher).build()) {
            String id = engine.run(WorkerChild.fanOut(jobs, 5));
            while (Children.lines(sides) < jobs * 3L / 10 && engine.workflowState(id).status() == WorkflowState.Status.RUNNING) {
                Thread.sleep(20);
            }
            workers.get(0).kill();
            long killedAt = Children.lines(sides.subList(0, 1));
            WorkflowState state = engine.await(id, Duration.ofMinutes(3));
            assertThat(state.status()).as(() -> "after killing a worker: " + engine.progress(id)).isEqualTo(WorkflowState.Status.SUCCESS);

            Map<Integer, Integer> runs = Children.marks(sides);
            assertThat(runs).hasSize(jobs); // every job's effect is recorded
            Map<Integer, Integer> onKilled = Children.marks(sides.subList(0, 1));
            List<Integer> twiceElsewhere = new ArrayList<>();
            long twice = 0;
            for (Map.Entry<Integer, Integer> e : runs.entrySet()) {
                if (e.getValue() > 1) {
                    twice++;
                    if (!onKilled.containsKey(e.getKey())) {
                        twiceElsewhere.add(e.getKey());
                    }
                }
            }
            System.out.printf("killed worker 0 after %d of its marks; %d job(s) ran twice; %s%n", killedAt, twice, dispatcher.stats());
            // Only what the dead worker held (running, or finished and not yet answered) ran again.
            assertThat(twiceElsewhere).as("jobs run twice that the killed worker never ran").isEmpty();
            assertThat(twice).isPositive(); // (it held some: it was killed while running its share)
            @SuppressWarnings("unchecked")
            Map<String, Object> collected = (Map<String, Object>) engine.outputs(id).get("collected").get(0);
            assertThat(collected).containsEntry("count", jobs).containsEntry("distinct", jobs);
            assertThat(((Number) collected.get("sum")).longValue()).isEqualTo((long) jobs * (jobs - 1) / 2);
            assertThat(engine.outputs(id).get("marks")).hasSize(jobs).doesNotHaveDuplicates();
        }
    }

    @Test
    void aCoordinatorKilledMidRunResumesOnItsJournal() throws Exception {
        int jobs = 20_000;
        List<Path> sides = sides(2);
        for (Path side : sides) {
            children.worker(redis.url(), side, 32, 5_000, 5_000);
        }
        Path journal = tmp.resolve("journal");
        Children.Child first = children.start("coordinator", redis.url(), journal.toString(), "kill-coordinator",
                Integer.toString(jobs), "2");
        String id = first.await("ID ", 60).substring(3).trim();
        while (Children.lines(sides) < jobs / 3) {
            Thread.sleep(20);
            assertThat(first.process.isAlive()).as(first::output).isTrue();
        }
        first.kill();

        Set<String> terminalAtKill = new HashSet<>();
        for (JournalEntry e : JournalReader.open(journal).entries()) {
            if (e.isJobTerminal()) {
                terminalAtKill.add(e.jobId());
            }
        }
        Map<Integer, Integer> runsAtKill = Children.marks(sides);

        Children.Child second = children.start("resume", redis.url(), journal.toString(), "kill-coordinator", id);
        String done = second.await("DONE ", 180);
        assertThat(done).as(second::output).startsWith("DONE SUCCESS").contains("count=" + jobs).contains("distinct=" + jobs);

        Map<Integer, Integer> runs = Children.marks(sides);
        assertThat(runs).hasSize(jobs);
        List<String> again = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : runs.entrySet()) {
            String jobId = Integer.toString(e.getKey() + 1); // mark n is job n + 1
            if (e.getValue() > 1 && terminalAtKill.contains(jobId)) {
                again.add(jobId + " (runs by worker: " + Children.marks(sides.subList(0, 1)).get(e.getKey()) + ", "
                        + Children.marks(sides.subList(1, 2)).get(e.getKey()) + ")");
            }
        }
        long twice = runs.values().stream().filter(n -> n > 1).count();
        System.out.printf("coordinator killed with %d jobs terminal in its journal and %d marks done; %d ran twice; %s%n",
                terminalAtKill.size(), runsAtKill.size(), twice, done);
        assertThat(again).as("jobs that ran again after their outcome was journaled").isEmpty();
        // The restarted coordinator found its attempts in the streams: none was sent twice.
        assertThat(twice).isZero();
    }

    @Test
    void aJobThatKillsEveryWorkerItRunsOnFailsAfterMaxDeliveries() throws Exception {
        RedisWorkers dispatcher = RedisWorkers.connect(redis.url(), RedisWorkers.Options.builder().name("poison")
                .maxDeliveries(3).build());
        try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly()).dispatcher(dispatcher).build()) {
            String id = engine.run(dev.hymir.Workflow.of(dev.hymir.Job.named("it.halt")));
            int died = 0;
            while (engine.workflowState(id).status() == WorkflowState.Status.RUNNING && died < 5) {
                Children.Child w = children.workerNow(redis.url(), tmp.resolve("side-poison.txt"), 4, 500, 1_000);
                while (w.process.isAlive() && engine.workflowState(id).status() == WorkflowState.Status.RUNNING) {
                    Thread.sleep(20);
                }
                if (!w.process.isAlive()) {
                    assertThat(w.process.exitValue()).isEqualTo(1); // halted by the job
                    died++;
                }
            }
            assertThat(engine.await(id, Duration.ofSeconds(30)).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(died).isEqualTo(3);
            assertThat(engine.jobState(id, "1").exception()).startsWith("job 1 (it.halt) of workflow " + id
                    + " lost its worker 3 times");
        }
    }

    @Test
    void aWorkerStoppedWithSigtermHandsBackWhatItCannotFinishAndExitsZero() throws Exception {
        Path sideA = tmp.resolve("side-a.txt");
        Path sideB = tmp.resolve("side-b.txt");
        Children.Child a = children.worker(redis.url(), sideA, 4, 30_000, 1_000);
        RedisWorkers dispatcher = dispatcher(redis.url(), "sigterm");
        try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly()).dispatcher(dispatcher).build()) {
            String id = engine.run(WorkerChild.fanOut(8, 4_000)); // 4 run on A, 4 wait
            while (Children.lines(List.of(sideA)) < 4) {
                Thread.sleep(20);
            }
            a.terminate(); // SIGTERM: A stops reading, waits 1 s for its 4 jobs of 4 s, hands them back
            String stopped = a.await("STOPPED", 30);
            assertThat(a.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(a.process.exitValue()).isZero();
            assertThat(stopped).contains("handedBack=4").contains("done=0");

            // B takes the handed-back entries at once (not after A's 30 s lease), and the 4 that waited.
            Children.Child b = children.worker(redis.url(), sideB, 8, 30_000, 1_000);
            WorkflowState state = engine.await(id, Duration.ofSeconds(25));
            assertThat(state.status()).as(() -> engine.jobStates(id).toString()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(Children.marks(List.of(sideB))).hasSize(8);
            b.terminate();
            assertThat(b.await("STOPPED", 30)).contains("takenOver=4").contains("done=9");
            assertThat(engine.jobStates(id).values()).allMatch(s -> s.exception() == null);
        }
    }

    @Test
    void redisKilledAndRestartedEmptyMidRun() throws Exception {
        int jobs = 5_000;
        List<Path> sides = sides(2);
        for (Path side : sides) {
            children.worker(redis.url(), side, 32, 2_000, 5_000);
        }
        RedisWorkers dispatcher = dispatcher(redis.url(), "restart-redis");
        try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly()).dispatcher(dispatcher).build()) {
            String id = engine.run(WorkerChild.fanOut(jobs, 5));
            while (Children.lines(sides) < jobs * 3L / 10) {
                Thread.sleep(20);
            }
            redis.kill();
            Thread.sleep(500);
            redis.restart(); // same port, no data: every stream, group and entry is gone
            WorkflowState state = engine.await(id, Duration.ofMinutes(3));
            assertThat(state.status()).as(() -> "after a Redis restart: " + engine.progress(id) + " " + dispatcher.stats())
                    .isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(Children.marks(sides)).hasSize(jobs);
            assertThat(dispatcher.stats().redispatched()).isPositive();
            @SuppressWarnings("unchecked")
            Map<String, Object> collected = (Map<String, Object>) engine.outputs(id).get("collected").get(0);
            assertThat(collected).containsEntry("count", jobs).containsEntry("distinct", jobs);
            System.out.println("after the Redis restart: " + dispatcher.stats());
        }
    }
}
