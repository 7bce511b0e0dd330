package dev.hymir.examples;

import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each example as its README runs it: examples/run NAME, a separate process. In failsafe, after 'package'. */
class ExamplesIT {
    @Test
    void fanOutAddsUpEveryPiece() throws Exception {
        String out = run("fan-out", "100");
        // sum over n in [10000, 10100) of (n-1)n(2n-1)/6
        long expected = 0;
        for (long n = 10_000; n < 10_100; n++) {
            expected += (n - 1) * n * (2 * n - 1) / 6;
        }
        assertThat(out).contains(": SUCCESS in ", "100 pieces, total = " + expected);
    }

    @Test
    void journalRecoveryResumesAfterTheKill() throws Exception {
        String out = run("journal-recovery", "20");

        assertThat(out).contains("killed the child after 10 of 20 steps", "will not run again", ": SUCCESS");
        String parent = out.substring(out.indexOf("resuming workflow"));
        // Steps 1-9 were done and journaled before the kill: the resumed run does none of them again.
        for (int n = 1; n <= 9; n++) {
            assertThat(parent).doesNotContain("step " + n + " done");
        }
        assertThat(parent).contains("step 20 done");
        assertThat(out).doesNotContain("Exception").doesNotContain("INFO"); // examples/logging.properties
    }

    @Test
    void redisSnapshotsAreReadBack() throws Exception {
        if (!LocalRedisServer.isInstalled()) {
            throw new org.opentest4j.TestAbortedException("no redis-server on this machine");
        }
        String out = run("redis-snapshots");

        assertThat(out).contains("started redis-server at redis://127.0.0.1:", "redis says: ",
                " SUCCESS, report = [200 pages]");
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", System.getProperty("hymir.examples.run", "run")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("EXAMPLES_NO_BUILD", "1"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
