package dev.hymir.testing;

import dev.hymir.Chain;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.RedisExecutor;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * {@link HymirTest} as a user's test sees it: the fixture classes below run through the JUnit Platform
 * (as a build runs them), and this test checks what they were given and that it was closed after them.
 */
class HymirExtensionTest {
    /** What the fixtures were given, for the checks after they ran. */
    static final List<Object> given = new CopyOnWriteArrayList<>();

    @BeforeEach
    void reset() {
        given.clear();
    }

    @Test
    void eachTestGetsItsOwnEngineAndItIsClosedAfterTheTest() {
        assertPasses(TwoTests.class, 2);

        assertThat(given).hasSize(2).doesNotHaveDuplicates();
        for (Object engine : given) {
            assertThatThrownBy(() -> ((HymirEngine) engine).run(Workflow.of(Job.of(FixtureJobs::one))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void extendWithAloneGivesAnInMemoryEngineAndBeforeEachSharesTheTestsEngine() {
        assertPasses(ExtendedOnly.class, 1);

        assertThat(given).hasSize(2);
        assertThat(given.get(0)).as("the engine of @BeforeEach and of the test").isSameAs(given.get(1));
    }

    @Test
    void askedForRedisTheEngineWritesSnapshotsToARealServerStoppedAfterTheTest() {
        assertPasses(WithRedis.class, 1);

        LocalRedisServer redis = (LocalRedisServer) given.get(0);
        assertThatThrownBy(() -> {
            try (RedisExecutor reader = RedisExecutor.connect(redis.url())) {
                reader.workflowIds();
            }
        }).as("the server is stopped after the test").isInstanceOf(RuntimeException.class);
    }

    @Test
    void askedForAJournalTheEngineJournalsToATemporaryDirectoryDeletedAfterTheTest() {
        assertPasses(WithJournal.class, 1);

        Path dir = (Path) given.get(0);
        assertThat(given.get(1)).as("files in the journal's directory during the test").isNotEqualTo(0L);
        assertThat(dir).doesNotExist();
    }

    @Test
    void askedForAManualClockTheEnginesTimersFollowIt() {
        assertPasses(WithClock.class, 1);
    }

    private static void assertPasses(Class<?> fixture, int tests) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request().selectors(selectClass(fixture)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        StringWriter failures = new StringWriter();
        summary.printFailuresTo(new PrintWriter(failures), 30);
        assertThat(summary.getTotalFailureCount()).as(failures.toString()).isZero();
        assertThat(summary.getTestsSucceededCount()).as(failures.toString()).isEqualTo(tests);
    }

    // Fixtures: run by the tests above through the launcher, not by the build (nested classes are not).

    @HymirTest
    static class TwoTests {
        @Test
        void first(HymirEngine engine) {
            runsASum(engine);
            given.add(engine);
        }

        @Test
        void second(HymirEngine engine) {
            runsASum(engine);
            given.add(engine);
        }
    }

    @ExtendWith(HymirExtension.class)
    static class ExtendedOnly {
        @BeforeEach
        void before(HymirEngine engine) {
            given.add(engine);
        }

        @Test
        void test(HymirEngine engine) {
            runsASum(engine);
            given.add(engine);
        }
    }

    static class WithRedis {
        @Test
        @HymirTest(redis = true)
        void test(HymirEngine engine, LocalRedisServer redis) {
            String id = runsASum(engine);
            try (RedisExecutor reader = RedisExecutor.connect(redis.url())) {
                assertThat(reader.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
                assertThat(reader.outputs(id).get("total")).containsExactly(2);
            }
            given.add(redis);
        }
    }

    @HymirTest(journal = true)
    static class WithJournal {
        @Test
        void test(HymirEngine engine, Path journal) throws Exception {
            runsASum(engine);
            given.add(journal);
            try (Stream<Path> files = Files.list(journal)) {
                given.add(files.count());
            }
        }
    }

    @HymirTest
    static class WithClock {
        @Test
        void test(HymirEngine engine, ManualClock clock) throws Exception {
            FixtureJobs.started = new java.util.concurrent.CountDownLatch(1);
            String id = engine.run(Workflow.of(Job.of(FixtureJobs::blocks).withMeta(Map.of("timeout", "PT30S"))));
            FixtureJobs.started.await();
            clock.advance(Duration.ofSeconds(29));
            assertThat(engine.await(id, Duration.ofMillis(20)).status()).isEqualTo(WorkflowState.Status.RUNNING);
            clock.advance(Duration.ofSeconds(1));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.jobState(id, "1").exception()).contains("timed out after PT30S");
        }
    }

    private static String runsASum(HymirEngine engine) {
        String id = engine.run(Workflow.of(Chain.of(Job.of(FixtureJobs::one), Job.of(FixtureJobs::two).withOutput("total"))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        return id;
    }
}
