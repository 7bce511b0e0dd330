package dev.hymir.bench;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.Job;
import dev.hymir.Workflow;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness from rotting: runs it in quick mode in-process (seconds) and checks it produced a
 * row for every shape and contender, each with every job executed. No timing is asserted: this box is
 * shared and timings are noise here.
 */
class HarnessTest {

    @Test
    void quickModeRunsEveryContenderOnEveryShape(@TempDir Path out) throws Exception {
        Harness.Report report = Harness.run("--quick", "--runs", "1", "--out", out.toString());
        List<Harness.Row> rows = report.rows();

        Set<String> shapes = rows.stream().map(Harness.Row::shape).collect(Collectors.toSet());
        Set<String> contenders = rows.stream().map(Harness.Row::contender).collect(Collectors.toSet());
        assertThat(shapes).hasSize(7);
        assertThat(contenders).containsAll(Harness.contenders().stream().map(Contender::name).toList());
        assertThat(rows).hasSize(shapes.size() * contenders.size());
        boolean redis = LocalRedisServer.isInstalled();
        for (Harness.Row row : rows) {
            if (row.contender().startsWith("hymir-redis") && !redis) {
                // No redis-server here: the harness must say so in every row, not fail.
                assertThat(row.status()).as(row.shape()).isEqualTo("skipped: no redis-server");
                continue;
            }
            assertThat(row.status()).as(row.shape() + " / " + row.contender()).isEqualTo("ok");
            // The harness already threw if any job ran twice or never; this checks it recorded that.
            assertThat(row.executed()).as(row.shape() + " / " + row.contender()).isEqualTo(row.jobs());
        }
        // The journaling contender reports its journal and its ratio to the journal-off engine.
        List<Harness.Row> journaled = rows.stream().filter(r -> r.contender().equals("hymir-journal")).toList();
        assertThat(journaled).hasSize(shapes.size());
        for (Harness.Row row : journaled) {
            assertThat(row.journalBytesPerJob()).as(row.shape()).isPositive();
            assertThat(row.journalDirBytesPerJob()).as(row.shape()).isPositive();
            assertThat(row.ratioToHymir()).as(row.shape()).isPositive();
        }
        // The Redis contender reports what Redis holds per job and its ratio to the store-less engine.
        List<Harness.Row> stored = rows.stream().filter(r -> r.contender().startsWith("hymir-redis")).toList();
        assertThat(stored).hasSize(2 * shapes.size());
        if (redis) {
            for (Harness.Row row : stored) {
                assertThat(row.redisBytesPerJob()).as(row.shape()).isPositive();
                assertThat(row.ratioToHymir()).as(row.shape()).isPositive();
            }
        }
        assertThat(report.replay().records()).isEqualTo(2L * Harness.REPLAY_JOBS_QUICK + 2);
        assertThat(java.util.Arrays.stream(report.replay().engineNanos()).filter(n -> n > 0).count()).isEqualTo(3);
        assertThat(java.util.Arrays.stream(report.replay().readerNanos()).filter(n -> n > 0).count()).isEqualTo(3);
        assertThat(report.latency()).hasSize(4)
                .allSatisfy(l -> assertThat(l.p99()).isGreaterThanOrEqualTo(l.p50()).isPositive());
        // Many small workflows: each of its contenders ran every job of every workflow exactly once.
        List<Harness.Row> small = report.small();
        assertThat(small).extracting(Harness.Row::contender).containsExactlyElementsOf(SmallWorkflows.CONTENDERS);
        for (Harness.Row row : small) {
            assertThat(row.status()).as(row.contender()).isEqualTo("ok");
            assertThat(row.workflows()).isEqualTo(SmallWorkflows.WORKFLOWS_QUICK);
            assertThat(row.jobs()).isEqualTo(SmallWorkflows.WORKFLOWS_QUICK * 10);
            assertThat(row.executed()).as(row.contender()).isEqualTo(row.jobs());
            assertThat(row.workflowsPerSecond(row.medianNanos())).as(row.contender()).isPositive();
        }
        Harness.Row smallJournal = small.get(3);
        assertThat(smallJournal.journalBytesPerJob()).isPositive();
        assertThat(smallJournal.ratioToHymir()).isPositive();
        assertThat(smallJournal.ratioToCompletableFuture()).isPositive();
        // Scale, at its quick size: the fan-out and the layered DAG on hymir and hymir-journal only.
        assertThat(report.scale()).extracting(r -> r.shape() + " " + r.contender()).containsExactly(
                "fanout-20000 hymir", "fanout-20000 hymir-journal", "layered-20000 hymir", "layered-20000 hymir-journal");
        boolean proc = Files.exists(Path.of("/proc/self/status"));
        for (Harness.Row row : report.scale()) {
            assertThat(row.status()).as(row.shape() + " / " + row.contender()).isEqualTo("ok");
            assertThat(row.executed()).as(row.shape() + " / " + row.contender()).isEqualTo(row.jobs());
            assertThat(row.heapBytesPerJob()).as(row.shape() + " / " + row.contender()).isNotNaN();
            if (proc) {
                assertThat(row.peakRssBytes()).isGreaterThanOrEqualTo(row.rssBytes()).isPositive();
            }
        }
        assertThat(report.scale().get(1).journalBytesPerJob()).isPositive();
        // Jobs that wait: every job ran once, and the limit held (never more than 200 asleep at once).
        List<WaitingJobs.Result> waiting = report.waiting();
        assertThat(waiting).extracting(WaitingJobs.Result::maxConcurrency).containsExactly(0, WaitingJobs.LIMIT_QUICK);
        for (WaitingJobs.Result w : waiting) {
            assertThat(w.status()).isEqualTo("ok");
            assertThat(w.executed()).isEqualTo(WaitingJobs.JOBS_QUICK);
            assertThat(w.wallNanos()).isGreaterThanOrEqualTo(WaitingJobs.SLEEP_MILLIS_QUICK * 1_000_000);
            assertThat(w.peakWaiting()).isPositive();
        }
        assertThat(waiting.get(1).peakWaiting()).isLessThanOrEqualTo(WaitingJobs.LIMIT_QUICK);
        assertThat(out.resolve("quick-latest.csv")).exists();
        assertThat(Files.readAllLines(out.resolve("quick-latest.csv"))).hasSize(report.allRows().size() + 1);
        assertThat(Files.readString(out.resolve("quick-latest.json"))).contains("\"rows\"", "\"floor\"", "\"hymir-journal\"",
                "\"hymir-redis\"", "\"redisBytesPerJob\"", "\"medianWorkflowsPerSecond\"", "\"small-256x10\"",
                "\"replay\"", "\"latencyMicros\"", "\"waitingJobs\"", "\"peakRssBytes\"");
    }

    @Test
    void everyShapeIsAcyclicAndCountsItsEdges() {
        for (Shape s : List.of(Shape.fanOut(10), Shape.chain(10), Shape.diamonds(3), Shape.layered(400, 100, 42),
                Shape.twoGroups(5))) {
            assertThat(s.topologicalOrder()).as(s.name()).hasSize(s.nodeCount());
            assertThat(s.offsets()[s.nodeCount()]).isEqualTo(s.edgeCount());
            assertThat(java.util.Arrays.stream(s.inDegree()).sum()).isEqualTo(s.edgeCount());
        }
        assertThat(Shape.twoGroups(5).nodeCount()).isEqualTo(11); // 10 jobs + 1 join
        assertThat(Shape.layered(400, 100, 42).edgeCount()).isEqualTo(4 * 300);
        assertThat(Shape.diamonds(3).jobCount()).isEqualTo(10);
    }

    @Test
    void theTwoGroupsShapeIsGivenToHymirAsAChainOfTwoGroups() {
        Workflow wf = HymirContenders.toWorkflow(Shape.twoGroups(5));
        List<Job> five = java.util.Collections.nCopies(5, Job.named(HymirContenders.NOOP));
        assertThat(wf.toJson()).isEqualTo(Workflow.of(Chain.of(Group.of(five), Group.of(five))).toJson());
        assertThat(wf.size()).isEqualTo(10);
        assertThat(wf.graph().edgeSet()).hasSize(25); // what the user means; the plan compiles it to one join
        assertThat(HymirContenders.twoGroupsSize(Shape.twoGroups(5))).isEqualTo(5);
        for (Shape other : List.of(Shape.fanOut(10), Shape.chain(10), Shape.diamonds(3), Shape.layered(400, 100, 42))) {
            assertThat(HymirContenders.twoGroupsSize(other)).as(other.name()).isEqualTo(-1);
        }
    }

    @Test
    void unknownShapeContenderOrSectionNamesExitWith2AndListTheValidOnes(@TempDir Path out) throws Exception {
        Map<String, List<String>> valid = Map.of(
                "--shapes", List.of("fanout", "chain", "layered", "diamond", "groups", "fanout-small", "layered-small", "none"),
                "--contenders", Harness.contenders().stream().map(Contender::name).toList(),
                "--sections", List.of("small", "replay", "latency", "scale", "waiting", "none"));
        for (Map.Entry<String, List<String>> e : valid.entrySet()) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Harness.launch(new PrintStream(err, true, StandardCharsets.UTF_8), e.getKey(),
                    e.getValue().get(0) + ",nope", "--out", out.toString());
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(e.getKey()).isEqualTo(2);
            assertThat(message.lines().toList()).as(e.getKey()).hasSize(1);
            assertThat(message).as(e.getKey()).contains("nope", e.getKey()).contains(e.getValue());
        }
        assertThat(out).isEmptyDirectory(); // nothing ran
        assertThat(Harness.launch(new PrintStream(new ByteArrayOutputStream()), "--frobnicate")).isEqualTo(2);
        for (String[] outOfRange : List.of(new String[] {"--runs", "0"}, new String[] {"--size", "3"},
                new String[] {"--waiting-jobs", "0"}, new String[] {"--scale", "0"}, new String[] {"--runs", "x"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(Harness.launch(new PrintStream(err, true, StandardCharsets.UTF_8), outOfRange))
                    .as(String.join(" ", outOfRange)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains(outOfRange[0], outOfRange[1]).hasLineCount(1);
        }
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void everyShapeIsGivenToHymirWithTheShapesEdges() {
        for (Shape s : List.of(Shape.fanOut(10), Shape.chain(10), Shape.diamonds(3), Shape.layered(400, 100, 42))) {
            Set<List<String>> expected = new java.util.HashSet<>();
            for (int u = 0; u < s.nodeCount(); u++) {
                for (int e = s.offsets()[u]; e < s.offsets()[u + 1]; e++) {
                    expected.add(List.of(Integer.toString(u + 1), Integer.toString(s.targets()[e] + 1)));
                }
            }
            Set<List<String>> given = new java.util.HashSet<>();
            Workflow wf = HymirContenders.toWorkflow(s);
            for (dev.hymir.Dependency d : wf.dependencies()) {
                d.predecessors().forEach(p -> given.add(List.of(p, d.jobId())));
            }
            assertThat(wf.size()).as(s.name()).isEqualTo(s.jobCount());
            assertThat(given).as(s.name()).isEqualTo(expected);
        }
    }

    @Test
    void onlyTheCurrentShapesWorkflowIsHeld() {
        ExecutionCounter counter = new ExecutionCounter(10);
        Workflow chain = HymirContenders.workflowFor(Shape.chain(10), counter);
        assertThat(HymirContenders.workflowFor(Shape.chain(10), counter)).isSameAs(chain); // reused within a shape
        assertThat(HymirContenders.workflowFor(Shape.fanOut(8), counter)).isNotSameAs(chain);
        assertThat(HymirContenders.workflowFor(Shape.chain(10), counter)).isNotSameAs(chain); // replaced, rebuilt
        HymirContenders.forget();
    }

    @Test
    void aWindowCountsItsJobsInTheirSlotsOfTheWholeCounter() {
        ExecutionCounter all = new ExecutionCounter(30);
        for (int w = 0; w < 3; w++) {
            ExecutionCounter workflow = all.window(10 * w, 10);
            for (int j = 0; j < 10; j++) {
                workflow.ran(j);
            }
            workflow.verifyExactlyOnce("workflow " + w);
        }
        all.verifyExactlyOnce("all");
        all.window(20, 10).ran(9); // job 29 a second time
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.verifyExactlyOnce("all"))
                .hasMessageContaining("0 jobs never ran and 1 ran more than once (first: job 29 ran 2 times)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.window(25, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[25, 35)");
    }

    @Test
    void aContenderThatSkipsAJobFailsLoudly() {
        ExecutionCounter counter = new ExecutionCounter(3);
        counter.ran(0);
        counter.ran(2);
        counter.ran(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter.verifyExactlyOnce("test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 jobs never ran and 1 ran more than once");
    }
}
