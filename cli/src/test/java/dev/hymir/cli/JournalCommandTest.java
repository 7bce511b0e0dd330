package dev.hymir.cli;

import dev.hymir.HymirEngine;
import dev.hymir.JobRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hymir journal dump|stats|recover} in-process, on the journal of one small demo run. */
class JournalCommandTest {
    @TempDir
    static Path data;

    static Path journal;
    static String workflowId;

    @BeforeAll
    static void runADemo() {
        Cli demo = Cli.run("demo", "--jobs", "200", "--shape", "chain", "--data-dir", data.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        journal = data.resolve("journal");
        // The submitted record is the first of the journal: its workflow id is the demo's.
        String first = Cli.run("journal", "dump", journal.toString(), "--limit", "1").out().strip();
        workflowId = first.split("  ")[1];
    }

    @Test
    void statsCountsTheDemoRun() {
        Cli r = Cli.run("journal", "stats", journal.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("journal:    " + journal, "files:      1 [", ".cq4]", " bytes",
                "records:    202 finished=1 submitted=1 succeeded=200",
                "workflows:  1 submitted, 1 ended (finished, cancelled or cleared), 0 unfinished");
        assertThat(r.out()).doesNotContain("unfinished: ");
    }

    @Test
    void dumpPrintsOneLinePerRecord() {
        Cli r = Cli.run("journal", "dump", journal.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(202); // jobs run in the engine's JVM journal their outcome, not their start
        assertThat(lines[0]).startsWith("0  " + workflowId + "  submitted  -  {").contains("... (");
        assertThat(lines[0].length()).isLessThan(300); // the definition is cut
        assertThat(lines).contains("1  " + workflowId + "  succeeded  1  ");
        assertThat(Arrays.stream(lines).filter(l -> l.contains("  succeeded  "))).hasSize(200);
        assertThat(lines[201]).isEqualTo("201  " + workflowId + "  finished  -  SUCCESS");
    }

    @Test
    void dumpFiltersByWorkflowAndLimits() {
        Cli limited = Cli.run("journal", "dump", journal.toString(), "--workflow", workflowId, "--limit", "3");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(limited.out().split("\n")).hasSize(3);

        Cli other = Cli.run("journal", "dump", journal.toString(), "--workflow", "no-such-id");
        assertOneLineError(other, 1, "no records of workflow no-such-id in " + journal);
        assertThat(other.out()).isEmpty();
    }

    @Test
    void recoverWithNothingUnfinished() {
        Cli r = Cli.run("journal", "recover", journal.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("nothing to recover: every workflow in " + journal + " has ended");
    }

    @Test
    void aSecondDemoOnTheSameDataDirCountsOnlyItsRecords(@TempDir Path other) {
        Cli first = Cli.run("demo", "--jobs", "10", "--shape", "chain", "--data-dir", other.toString());
        Cli second = Cli.run("demo", "--jobs", "10", "--shape", "chain", "--data-dir", other.toString());

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(first.out()).contains(", 12 records for this workflow");
        assertThat(second.out()).contains(", 12 records for this workflow");
        assertThat(second.errLines()).as("nothing to recover").isEmpty();
        assertThat(Cli.run("journal", "stats", other.resolve("journal").toString()).out())
                .contains("workflows:  2 submitted, 2 ended");
    }

    @Test
    void errorsNameTheDirectory(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("missing");
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        for (String command : new String[] {"dump", "stats", "recover"}) {
            assertOneLineError(Cli.run("journal", command, missing.toString()), 1,
                    "journal directory " + missing + " does not exist", "a demo's is DATA-DIR/journal");
            assertOneLineError(Cli.run("journal", command, file.toString()), 1,
                    file + " is a file, not a journal directory");
            assertOneLineError(Cli.run("journal", command, empty.toString()), 1,
                    empty + " is not a journal (no metadata.cq4t in it)");
        }
        assertThat(empty).isEmptyDirectory(); // recover did not create a journal there
        assertOneLineError(Cli.run("journal", "dump", journal.toString(), "--limit", "-1"), 2, "--limit must be >= 0");
    }

    @Test
    void foreignFilesInTheJournalDirectory(@TempDir Path tmp) throws IOException {
        Cli demo = Cli.run("demo", "--jobs", "5", "--data-dir", tmp.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        Files.writeString(tmp.resolve("journal/notes.txt"), "mine");

        assertOneLineError(Cli.run("journal", "stats", tmp.resolve("journal").toString()), 1,
                "holds files that are not a Hymir journal's", "notes.txt", "a demo's is DATA-DIR/journal");
        assertOneLineError(Cli.run("demo", "--jobs", "5", "--data-dir", tmp.toString()), 1,
                "notes.txt", "use another --data-dir, or --no-journal");
    }

    @Test
    void aJournalInUseIsReportedAsLocked(@TempDir Path tmp) {
        Path dir = tmp.resolve("journal");
        try (HymirEngine running = HymirEngine.builder().registry(JobRegistry.explicitOnly()).journal(dir).build()) {
            assertOneLineError(Cli.run("demo", "--jobs", "5", "--data-dir", tmp.toString()), 1,
                    "journal directory " + dir + " is locked by another running hymir/engine",
                    "use another --data-dir, or --no-journal");
            assertOneLineError(Cli.run("journal", "recover", dir.toString()), 1,
                    "journal directory " + dir + " is locked by another running hymir/engine", "stop the process using it");
        }
    }

    private static void assertOneLineError(Cli r, int exitCode, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("hymir: ").contains(fragments).doesNotContain("Exception in thread");
        assertThat(r.err()).doesNotContain("\tat ");
    }
}
