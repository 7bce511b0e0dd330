package dev.hymir.cli;

import dev.hymir.HymirEngine;
import dev.hymir.HymirException;
import dev.hymir.JournalReader;
import dev.hymir.Progress;
import dev.hymir.RedisWorkers;
import dev.hymir.WorkflowState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code hymir journal dump|stats|recover DIR}: reads a journal, or finishes its unfinished workflows. */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "Reads a journal directory (without DIR: the journal of 'hymir demo', in "
                + UserDataDir.DESCRIPTION + "), or resumes its unfinished workflows.",
        subcommands = {JournalCommand.Dump.class, JournalCommand.Stats.class, JournalCommand.Recover.class},
        footer = {"", "Examples:",
                "  hymir journal stats                          the demo's journal",
                "  hymir journal dump /var/lib/app/journal --workflow ID --limit 20",
                "  hymir journal recover                        after a demo was killed",
                "  hymir journal recover --redis redis://127.0.0.1:6379 --dispatch workers",
                "                                               after a 'hymir demo --dispatch workers' was killed"})
final class JournalCommand implements Runnable {
    @CommandLine.ParentCommand
    HymirCli root;

    /** What to do when DIR is not a usable journal; ends the error line of every subcommand. */
    static final String FIX = "pass the journal directory of a run (a demo's is DATA-DIR/journal)";

    /** DIR of every subcommand: optional, the demo's default journal when absent. */
    private static final String DIR_DESCRIPTION = "The journal directory. Default: that of 'hymir demo' without"
            + " --data-dir, journal/ in " + UserDataDir.DESCRIPTION + ".";


    /** The longest detail dump prints: a submitted record holds the whole definition. */
    static final int DETAIL_MAX = 120;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code dir} when given, else the demo's default journal (read from the command's environment). */
    Path dirOrDefault(Path dir) {
        return dir != null ? dir : UserDataDir.defaultJournal(root.env());
    }

    /**
     * Checks that {@code dir} is a journal before anything reads it, so that the user gets a line
     * naming the directory rather than the engine's wording.
     */
    static void requireJournal(Path dir) {
        if (!Files.exists(dir)) {
            throw new UserError("journal directory " + dir + " does not exist: " + FIX);
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + " is a file, not a journal directory: " + FIX);
        }
        if (!JournalScan.exists(dir)) {
            throw new UserError(dir + " is not a journal (no metadata.cq4t in it): " + FIX);
        }
    }

    /** Reads the journal, with the engine's refusals (foreign files, missing JVM flags) as one line. */
    static JournalScan scan(Path dir) {
        requireJournal(dir);
        try {
            return JournalScan.of(dir);
        } catch (HymirException e) {
            throw EngineFactory.journalError(e, dir, FIX);
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Prints the journal's records, one per line: index, workflow id, type, job, detail"
                    + " (details longer than " + DETAIL_MAX + " characters are cut).")
    static final class Dump implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        JournalCommand journal;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = DIR_DESCRIPTION)
        Path dir;

        @Option(names = "--workflow", paramLabel = "ID", description = "Only the records of this workflow.")
        String workflow;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
                description = "Print at most N records (0: all). Default: ${DEFAULT-VALUE}.")
        long limit;

        @Override
        public Integer call() {
            if (limit < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 0, was " + limit);
            }
            Path dir = journal.dirOrDefault(this.dir);
            requireJournal(dir);
            PrintWriter out = spec.commandLine().getOut();
            long[] printed = {0};
            try {
                // The reader has no early exit: past the limit the rest is read and skipped.
                JournalReader.open(dir).forEach(e -> {
                    if ((workflow != null && !workflow.equals(e.workflowId())) || (limit > 0 && printed[0] >= limit)) {
                        return;
                    }
                    out.println(e.index() + "  " + orDash(e.workflowId()) + "  " + e.type().label() + "  " + orDash(e.jobId())
                            + "  " + shorten(e.detail()));
                    printed[0]++;
                });
            } catch (HymirException e) {
                throw EngineFactory.journalError(e, dir, FIX);
            }
            out.flush();
            if (workflow != null && printed[0] == 0) {
                throw new UserError("no records of workflow " + workflow + " in " + dir
                        + ": 'hymir journal dump " + dir + "' shows the workflow ids it holds");
            }
            return 0;
        }

        private static String orDash(String s) {
            return s == null ? "-" : s;
        }

        /** One line per record: newlines flattened, long details cut. */
        static String shorten(String detail) {
            String d = detail == null ? "" : detail.replace('\n', ' ').replace('\r', ' ');
            return d.length() <= DETAIL_MAX ? d : d.substring(0, DETAIL_MAX) + "... (" + d.length() + " chars)";
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Prints the journal's files, size, records by type and workflows finished and unfinished.")
    static final class Stats implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        JournalCommand journal;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = DIR_DESCRIPTION)
        Path dir;

        @Override
        public Integer call() {
            Path dir = journal.dirOrDefault(this.dir);
            JournalScan scan = scan(dir);
            List<Path> files = JournalScan.files(dir);
            List<String> unfinished = scan.unfinished();
            PrintWriter out = spec.commandLine().getOut();
            out.println("journal:    " + dir);
            out.println("files:      " + files.size() + " " + files.stream().map(f -> f.getFileName().toString()).toList());
            out.println("size:       " + JournalScan.sizeBytes(dir) + " bytes (space Chronicle reserved, not record bytes)");
            out.println("records:    " + scan.total() + " " + scan.countsByType().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            out.println("workflows:  " + scan.submitted().size() + " submitted, " + scan.ended().size()
                    + " ended (finished, cancelled or cleared), " + unfinished.size() + " unfinished");
            if (!unfinished.isEmpty()) {
                out.println("unfinished: " + String.join(" ", unfinished)
                        + " ('hymir journal recover " + dir + "' finishes them)");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = {"Resumes the journal's unfinished workflows on an engine with the demo's jobs,"
                    + " shows their progress, and prints how each ended.",
                    "Exit code 0 when every resumed workflow succeeded."})
    static final class Recover implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        JournalCommand journal;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = DIR_DESCRIPTION)
        Path dir;

        @Option(names = "--dispatch", defaultValue = "local", paramLabel = "WHERE",
                description = "Where the resumed jobs run: local (this process) or workers ('hymir worker' processes,"
                        + " through --redis); a run that 'hymir demo --dispatch workers' started resumes with workers,"
                        + " finding the jobs still queued or running there. Default: ${DEFAULT-VALUE}.")
        Dispatch dispatch;

        @Option(names = "--redis", paramLabel = "URL",
                description = "With --dispatch workers: the workers' Redis. Default: the HYMIR_REDIS_URL environment variable.")
        String redisUrl;

        @Override
        public Integer call() {
            Path dir = journal.dirOrDefault(this.dir);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RedisTarget redis = null;
            if (dispatch == Dispatch.workers) {
                redis = RedisTarget.resolve(spec.commandLine(), redisUrl, journal.root.env(), true);
            } else if (redisUrl != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--redis is the workers' Redis: it goes with"
                        + " --dispatch workers (a local recover writes no snapshots)");
            }
            // The engine lists no resumed workflows, so their ids come from reading the journal first.
            List<String> ids = scan(dir).unfinished();
            List<String> lines = new ArrayList<>();
            boolean allSucceeded = true;
            long buildStart = System.nanoTime();
            // build() takes the directory's lock (so a journal still in use is refused even with nothing
            // to resume), replays the journal and resumes the workflows; close() would cancel any still running.
            try (RedisWorkers workers = redis == null ? null : redis.openWorkers(Dispatch.coordinatorName(dir));
                 HymirEngine engine = EngineFactory.build(DemoJobs.registry(), null, dir, null, workers,
                    "stop the process using it, or pass another journal directory")) {
                if (ids.isEmpty()) {
                    out.println("nothing to recover: every workflow in " + dir + " has ended");
                    out.flush();
                    return 0;
                }
                long built = System.nanoTime();
                err.println("hymir: recovering " + ids.size() + " unfinished workflow(s) from " + dir
                        + " (build() replayed the journal in " + seconds(built - buildStart) + ")");
                err.flush();
                for (String id : ids) {
                    WorkflowState state;
                    try (ProgressReporter ignored = ProgressReporter.start("recover " + id, () -> engine.progress(id), err)) {
                        state = engine.await(id);
                    }
                    Progress p = engine.progress(id);
                    lines.add(id + "  " + state.status() + "  " + p.finished() + "/" + p.total() + " jobs finished");
                    allSucceeded &= state.status() == WorkflowState.Status.SUCCESS;
                }
                lines.add("resumed in " + seconds(built - buildStart) + " (build), ran the rest in " + seconds(System.nanoTime() - built));
            }
            lines.forEach(out::println);
            out.flush();
            if (!allSucceeded) {
                err.println("hymir: not every recovered workflow succeeded: 'hymir journal dump " + dir
                        + " --workflow ID' shows what happened");
                err.flush();
                return Errors.FAILED;
            }
            return 0;
        }

        private static String seconds(long nanos) {
            return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
        }
    }
}
