package dev.hymir.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the hymir command in-process and captures what it printed. */
record Cli(int exitCode, String out, String err) {

    /**
     * Runs with an environment of only {@code XDG_DATA_HOME}, a directory of this test JVM: the
     * machine's HYMIR_REDIS_URL does not leak in, and a demo without --data-dir does not write to the
     * home directory of whoever runs the tests.
     */
    static Cli run(String... args) {
        return runWith(Map.of("XDG_DATA_HOME", TEST_DATA_HOME.toString()), args);
    }

    /** The per-user data directory of in-process runs: one temporary directory per test JVM. */
    private static final Path TEST_DATA_HOME = createDataHome();

    private static Path createDataHome() {
        try {
            return Files.createTempDirectory("hymir-cli-test-data-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Cli runWith(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = HymirCli.commandLine(env);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The lines of stderr that are not progress lines. */
    String[] errLines() {
        return err.lines().filter(l -> !l.matches("\\d+/\\d+ jobs \\(\\d+%\\)")).toArray(String[]::new);
    }
}
