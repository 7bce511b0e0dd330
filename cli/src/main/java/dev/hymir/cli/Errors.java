package dev.hymir.cli;

import dev.hymir.HymirException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

/**
 * Turns exceptions into one line on stderr and an exit code; stack traces only with --verbose.
 * Usage errors exit with 2, everything else with 1. Everything printed here goes through
 * {@link Secrets#scrub}: picocli's errors quote what the user typed, which may hold a Redis password.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(Secrets.scrub("hymir: " + firstLine(ex.getMessage()) + " (run '" + qualifiedName(cmd) + " --help' for usage)"));
        if (Arrays.asList(args).contains("--verbose")) {
            printStackTrace(ex, err);
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println(Secrets.scrub("hymir: " + describe(ex)));
        if (verbose(parsed)) {
            printStackTrace(ex, err);
        }
        err.flush();
        return FAILED;
    }

    /** What the user reads: our own messages as they are, the engine's first line, else the exception. */
    static String describe(Exception ex) {
        if (ex instanceof UserError) {
            return ex.getMessage();
        }
        if (ex instanceof HymirException) {
            return firstLine(ex.getMessage());
        }
        return "unexpected error: " + firstLine(String.valueOf(ex)) + " (run again with --verbose for the stack trace)";
    }

    private static void printStackTrace(Throwable ex, PrintWriter err) {
        StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace));
        err.print(Secrets.scrub(trace.toString()));
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }
}
