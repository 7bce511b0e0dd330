package dev.hymir.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    @TempDir
    Path tmp;

    @Test
    void demoFanoutPrintsTheSummary() {
        Cli r = Cli.run("demo", "--jobs", "1000", "--shape", "fanout", "--data-dir", tmp.resolve("data").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("status:     SUCCESS", "jobs:       1002", "wall time:  ", "jobs/s:     ",
                "latency:    ready -> started p50 ", ", p99 ",
                "journal:    " + tmp.resolve("data").resolve("journal") + ", ", " bytes in 1 file(s), ",
                ", 1004 records for this workflow"); // submitted, succeeded per job, finished
        assertThat(r.errLines()).isEmpty();
        assertThat(tmp.resolve("data/journal")).isDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chain", "diamond", "random"})
    void everyShapeRuns(String shape) {
        Cli r = Cli.run("demo", "--shape", shape, "--jobs", "200", "--work", "cpu:10us", "--no-journal");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("status:     SUCCESS", "journal:    off (--no-journal)", "work cpu:10us");
    }

    @Test
    void noJournalLeavesTheDataDirAlone() {
        Path data = tmp.resolve("untouched");
        Cli r = Cli.run("demo", "--jobs", "10", "--work", "sleep:1ms", "--no-journal", "--data-dir", data.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(data).doesNotExist();
    }

    @Test
    void versionAndHelp() {
        Cli version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("hymir 0.1.0");

        for (String[] args : new String[][] {{"--help"}, {"demo", "--help"}, {"render", "--help"}, {"help", "demo"}}) {
            Cli help = Cli.run(args);
            assertThat(help.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).contains("Usage: hymir");
        }
        assertThat(Cli.run("demo", "--help").out()).contains("--work=WORK", "--metrics-port=PORT", "--verbose");
    }

    @Test
    void renderDotAndMermaid(@TempDir Path dir) throws IOException {
        Cli dot = Cli.run("render", "--shape", "chain", "--jobs", "3");
        assertThat(dot.exitCode()).as(dot.err()).isZero();
        assertThat(dot.out()).contains("digraph", "j1 -> j2", "j2 -> j3");

        Cli mermaid = Cli.run("render", "--shape", "diamond", "--jobs", "4", "--format", "mermaid");
        assertThat(mermaid.exitCode()).isZero();
        assertThat(mermaid.out()).contains("flowchart TD", "j1 --> j2", "j3 --> j4");

        Path file = dir.resolve("wf.dot");
        Cli toFile = Cli.run("render", "--shape", "fanout", "--jobs", "2", "--output", file.toString());
        assertThat(toFile.exitCode()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readString(file)).contains("digraph");
    }

    @Test
    void renderReadsAWorkflowJsonFile() throws IOException {
        Path json = tmp.resolve("wf.json");
        Files.writeString(json, DemoShape.chain(2).toWorkflow(dev.hymir.Job.named("acme.step")).toJson());

        Cli r = Cli.run("render", "--file", json.toString(), "--format", "mermaid");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("acme.step", "j1 --> j2");
    }

    // --- errors: one line, non-zero exit, no stack trace ---

    @Test
    void unknownOption() {
        assertOneLineError(Cli.run("demo", "--bogus"), 2, "Unknown option: '--bogus'", "hymir demo --help");
    }

    /** picocli's own errors quote what was typed: a password in it is masked, with or without --verbose. */
    @Test
    void noErrorEchoesARedisPassword() {
        String[][] cases = {
                {"demo", "--redis", "redis://u:s3cret-pw@h:1", "--bogus"},
                {"demo", "--rediss=redis://u:s3cret-pw@h:1"},
                {"demo", "--rediss=redis://s3cret-pw@h:1"},
                {"demo", "--rediss=redis://u:s3cret-pw@with/slash@h:1"},
                {"demo", "--no-journal", "--redis", "redis://u:s3cret-pw@h:notaport"},
                {"demo", "--no-journal", "--redis", "u:s3cret-pw@h:1"},
                {"status", "x", "redis://u:s3cret-pw@h:1"},
                {"status", "x", "--redis", "redis://u:s3cret-pw@h:1/notadb"},
                {"status", "x", "--redis", "http://u:s3cret-pw@h:1"},
                {"render", "--bogus", "u:s3cret-pw@h:1"},
        };
        for (String[] args : cases) {
            for (boolean verbose : new boolean[] {false, true}) {
                String[] run = verbose ? append(args, "--verbose") : args;
                Cli r = Cli.run(run);
                assertThat(r.exitCode()).as(String.join(" ", run) + "\n" + r.err()).isEqualTo(Errors.USAGE);
                assertThat(r.err()).as(String.join(" ", run)).startsWith("hymir: ").doesNotContain("s3cret-pw");
                assertThat(r.out()).doesNotContain("s3cret-pw");
            }
        }
        assertThat(Cli.run("demo", "--rediss=redis://u:s3cret-pw@h:1").err()).contains("'--rediss=redis://u:***@h:1'");
    }

    @Test
    void secretsScrubsEveryUrlFormAndLeavesOtherTextAlone() {
        assertThat(Secrets.scrub("a redis://u:pw@h:1/0 b")).isEqualTo("a redis://u:***@h:1/0 b");
        assertThat(Secrets.scrub("'rediss://pw@h'")).isEqualTo("'rediss://***@h'");
        assertThat(Secrets.scrub("x=u:pw@h")).isEqualTo("x=u:***@h");
        assertThat(Secrets.scrub("redis://u:p@w/d@h")).isEqualTo("redis://u:***@h");
        assertThat(Secrets.scrub("redis://u:***@h")).isEqualTo("redis://u:***@h");
        assertThat(Secrets.scrub("job 3 failed: java.lang.IllegalStateException: disk full")).isEqualTo(
                "job 3 failed: java.lang.IllegalStateException: disk full");
        assertThat(Secrets.scrub("mail bob@example.com")).isEqualTo("mail bob@example.com");
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    @Test
    void badValues() {
        assertOneLineError(Cli.run("demo", "--jobs", "many"), 2, "'--jobs'", "many");
        assertOneLineError(Cli.run("demo", "--jobs", "0"), 2, "--jobs must be between 1 and");
        assertOneLineError(Cli.run("demo", "--jobs", "100000001"), 2, "--jobs must be between 1 and 100000000");
        // 10^8 is accepted, and refused before anything is built when the heap is too small for it
        assertOneLineError(Cli.run("demo", "--jobs", "100000000", "--no-journal"), 2, "needs about", "MiB of heap",
                "HYMIR_JAVA_OPTS=-Xmx");
        assertOneLineError(Cli.run("demo", "--shape", "star"), 2, "star", "fanout, chain, diamond, random");
        assertOneLineError(Cli.run("demo", "--work", "sleep:5xs"), 2, "'5xs' is not a duration", "5ms");
        assertOneLineError(Cli.run("demo", "--work", "dance:5ms"), 2, "'dance' is not a kind of work");
        assertOneLineError(Cli.run("demo", "--work", "sleep"), 2, "'sleep' is not a kind of work");
        assertOneLineError(Cli.run("demo", "--metrics-port", "70000"), 2, "--metrics-port must be between 0 and 65535");
        assertOneLineError(Cli.run("render", "--format", "png"), 2, "png");
    }

    @Test
    void dataDirThatIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");

        assertOneLineError(Cli.run("demo", "--jobs", "10", "--data-dir", file.toString()), 1,
                "is a file, not a directory", "--no-journal");
    }

    @Test
    void dataDirThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");

        assertOneLineError(Cli.run("demo", "--jobs", "10", "--data-dir", file.resolve("data").toString()), 1,
                "cannot create --data-dir", "pass a writable directory");
    }

    @Test
    void metricsPortInUse() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertOneLineError(Cli.run("demo", "--jobs", "10", "--no-journal", "--metrics-port",
                    Integer.toString(taken.getLocalPort())), 1, "cannot serve metrics on 127.0.0.1:", "pick a free --metrics-port");
        }
    }

    @Test
    void noSubcommandPrintsUsage() {
        Cli r = Cli.run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: hymir", "demo", "render");
    }

    @Test
    void malformedWorkflowJson() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"nodes\": [");

        assertOneLineError(Cli.run("render", "--file", bad.toString()), 1, "bad.json is not a valid workflow",
                "fix the file");
    }

    @Test
    void missingWorkflowFile() {
        assertOneLineError(Cli.run("render", "--file", tmp.resolve("nope.json").toString()), 1,
                "no such file", "nope.json");
    }

    @Test
    void renderUsageMistakes() {
        assertOneLineError(Cli.run("render", "--format", "svg"), 2, "add --output");
        assertOneLineError(Cli.run("render", "--file", "a.json", "--shape", "chain"), 2, "give one of them");
        assertOneLineError(Cli.run("render", "--shape", "chain", "--output", tmp.resolve("no/dir/x.dot").toString()), 1,
                "cannot write", "check that its directory exists");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli r = Cli.run("render", "--verbose", "--file", tmp.resolve("nope.json").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("hymir: no such file").contains("\tat ");
    }

    private static void assertOneLineError(Cli r, int exitCode, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("hymir: ").contains(fragments).doesNotContain("Exception in thread");
        assertThat(r.err()).doesNotContain("\tat ");
    }
}
