package dev.hymir.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's pieces: --work parsing, generated shapes, percentiles. */
class PartsTest {
    @Test
    void workParsesEveryUnit() {
        assertThat(Work.parse("none")).isInstanceOf(Work.None.class);
        assertThat(Work.parse("sleep:5ms")).isEqualTo(new Work.Sleep(Duration.ofMillis(5)));
        assertThat(Work.parse("cpu:20us")).isEqualTo(new Work.Cpu(Duration.ofNanos(20_000)));
        assertThat(Work.parse("cpu:500ns")).isEqualTo(new Work.Cpu(Duration.ofNanos(500)));
        assertThat(Work.parse("SLEEP:1s")).isEqualTo(new Work.Sleep(Duration.ofSeconds(1)));
        assertThat(Work.parse("cpu:20us")).hasToString("cpu:20us");
    }

    @Test
    void workRejectsBadSyntax() {
        for (String bad : new String[] {"", "sleep", "sleep:", "sleep:5", "sleep:-5ms", "sleep:5 ms", "sleep:1.5ms", "nap:5ms"}) {
            assertThatThrownBy(() -> Work.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'");
        }
    }

    @Test
    void fanoutHasARootAndASink() {
        DemoShape s = DemoShape.fanout(5);
        assertThat(s.jobCount()).isEqualTo(7);
        assertThat(s.edgeCount()).isEqualTo(10);
        assertThat(s.predecessors()[6]).containsExactly(1, 2, 3, 4, 5);
        assertThat(s.toWorkflow(dev.hymir.Job.named("x")).dependencies().get(6).predecessors())
                .containsExactly("2", "3", "4", "5", "6");
    }

    @Test
    void diamondsShareTheirTips() {
        DemoShape s = DemoShape.diamonds(10); // 3 diamonds: 1 + 3*3 jobs
        assertThat(s.jobCount()).isEqualTo(10);
        assertThat(s.edgeCount()).isEqualTo(12);
        assertThat(s.predecessors()[9]).containsExactly(7, 8);
    }

    @Test
    void randomShapeIsLayeredAndSeeded() {
        DemoShape a = DemoShape.layered(400, 7);
        DemoShape b = DemoShape.layered(400, 7);
        assertThat(Arrays.deepEquals(a.predecessors(), b.predecessors())).isTrue();
        assertThat(Arrays.deepEquals(a.predecessors(), DemoShape.layered(400, 8).predecessors())).isFalse();
        int width = 20;
        for (int v = width; v < 400; v++) {
            int prevLayer = (v / width - 1) * width;
            assertThat(a.predecessors()[v]).hasSize(4).doesNotHaveDuplicates();
            assertThat(Arrays.stream(a.predecessors()[v]).boxed())
                    .allSatisfy(p -> assertThat(p).isBetween(prevLayer, prevLayer + width - 1));
        }
    }

    @Test
    void nearestRankPercentiles() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(JobTimes.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(JobTimes.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(JobTimes.percentile(new long[] {7}, 0.99)).isEqualTo(7);
        assertThat(JobTimes.formatNanos(1_500)).isEqualTo("1.5 us");
        assertThat(JobTimes.formatNanos(2_500_000)).isEqualTo("2.50 ms");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a safety net, not a timing assertion
    void withoutATerminalProgressIsAPlainLine() throws InterruptedException {
        java.io.StringWriter text = new java.io.StringWriter();
        try (ProgressReporter ignored = ProgressReporter.start("demo", () -> new dev.hymir.Progress(42_000, 100_002),
                new java.io.PrintWriter(text), false)) {
            while (text.toString().isEmpty()) {
                Thread.sleep(50);
            }
        }
        assertThat(text.toString().lines().findFirst()).hasValue("42000/100002 jobs (41%)");
    }

    @Test
    void latencyIsFromTheLastPredecessorsEnd() {
        JobTimes t = new JobTimes(3);
        t.note(0, new int[0], 0);
        t.note(1, new int[] {0}, 1);
        t.note(2, new int[] {0, 1}, 2);
        // not via the clock: fill through the package-private recorder in order
        long runStart = System.nanoTime();
        t.started(0);
        t.ended(0);
        t.started(1);
        t.ended(1);
        t.started(2);
        long[] lat = t.latencies(runStart);
        assertThat(lat).hasSize(3);
        assertThat(Arrays.stream(lat).boxed()).allSatisfy(l -> assertThat(l).isNotNegative());
    }

    @Test
    void aLargeShapeIsMeasuredOnASampleAndItsPredecessors() {
        int jobs = 3_000_000;
        DemoShape chain = DemoShape.of(DemoShape.Kind.chain, jobs, 1);
        JobTimes t = new JobTimes(chain.jobCount());
        chain.generate(t::note);
        assertThat(t.measured()).isBetween(JobTimes.SAMPLE - 1, JobTimes.SAMPLE + 1);
        long runStart = System.nanoTime();
        for (int j = 0; j < jobs; j++) { // as the jobs would, in order
            t.started(j);
            t.ended(j);
        }
        long[] lat = t.latencies(runStart);
        assertThat(lat).hasSize(t.measured());
        assertThat(lat[lat.length - 1]).isLessThan(1_000_000_000L); // each measured job's predecessor was recorded
    }
}
