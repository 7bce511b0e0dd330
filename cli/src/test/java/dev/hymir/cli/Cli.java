package dev.hymir.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the hymir command in-process and captures what it printed. */
record Cli(int exitCode, String out, String err) {

    /** Runs with an empty environment (HYMIR_REDIS_URL of the machine running the tests does not leak in). */
    static Cli run(String... args) {
        return runWith(Map.of(), args);
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
