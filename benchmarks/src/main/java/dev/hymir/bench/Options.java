package dev.hymir.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The harness's options, parsed from its command line (picocli) and checked: every name in
 * {@code --shapes}, {@code --contenders} and {@code --sections} must be one {@link Catalog} knows,
 * else {@link #parse} throws with one line naming the unknown ones and listing the valid ones.
 *
 * @param shapes     the table's shapes to run; null: all
 * @param contenders the contenders to run; null: all
 * @param sections   the sections to run after the table ({@link Catalog#SECTIONS})
 * @param size        jobs per shape in the scale section; null: {@link Scale#JOBS} ({@link Scale#JOBS_QUICK} with --quick)
 * @param waitingJobs jobs in the waiting section; null: {@link WaitingJobs#JOBS} (... _QUICK with --quick)
 * @param help       {@code -h}/{@code --help} was given: print {@link #usage} and run nothing
 */
record Options(boolean quick, int runs, Set<String> shapes, Set<String> contenders, double scale, Path out,
               Set<String> sections, String redis, Integer size, Integer waitingJobs, boolean help) {

    @Command(name = "benchmarks/run", sortOptions = false, usageHelpAutoWidth = true,
            description = "The whole-workload harness: every contender on every shape, then the sections;"
                    + " prints the tables and writes OUT/<UTC time>.{csv,json} and OUT/latest.{csv,json}.")
    static final class Line {
        @Option(names = "--quick", description = "Tiny sizes, seconds (what CI runs); writes quick-* files.")
        boolean quick;

        @Option(names = "--runs", paramLabel = "N",
                description = "Measured runs per shape and contender, after one warmup run (default: 5; 3 with --quick).")
        Integer runs;

        @Option(names = "--shapes", split = ",", paramLabel = "NAME",
                description = "Only these shapes of the table (default: all; none: no table): ${COMPLETION-CANDIDATES}.",
                completionCandidates = ShapeNames.class)
        List<String> shapes;

        @Option(names = "--contenders", split = ",", paramLabel = "NAME",
                description = "Only these contenders (default: all): ${COMPLETION-CANDIDATES}.",
                completionCandidates = ContenderNames.class)
        List<String> contenders;

        @Option(names = "--scale", paramLabel = "F", description = "Full sizes times F (default: 1).")
        double scale = 1.0;

        @Option(names = "--out", paramLabel = "DIR", description = "Where the CSV and JSON go (default: benchmarks/results).")
        Path out = Path.of("benchmarks", "results");

        @Option(names = "--sections", split = ",", paramLabel = "NAME",
                description = "What runs after the table (default: small,replay,latency; with --quick all, at tiny"
                        + " sizes): ${COMPLETION-CANDIDATES}.",
                completionCandidates = SectionNames.class)
        List<String> sections;

        @Option(names = "--size", paramLabel = "N",
                description = "Jobs per shape in the scale section (default: 10000000; 20000 with --quick).")
        Integer size;

        @Option(names = "--waiting-jobs", paramLabel = "N",
                description = "Jobs in the waiting section (default: 1000000; 2000 with --quick).")
        Integer waitingJobs;

        @Option(names = "--redis", paramLabel = "URL",
                description = "The Redis hymir-redis uses, redis://HOST:PORT (default: a redis-server the harness starts).")
        String redis;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this and exit.")
        boolean help;
    }

    static final class ShapeNames extends NameList {
        ShapeNames() {
            super(Catalog.shapeKeys());
        }
    }

    static final class ContenderNames extends NameList {
        ContenderNames() {
            super(Catalog.contenderNames());
        }
    }

    static final class SectionNames extends NameList {
        SectionNames() {
            super(Catalog.SECTIONS);
        }
    }

    /** The names an option takes, for the usage text. */
    private abstract static class NameList implements Iterable<String> {
        private final List<String> names;

        NameList(List<String> names) {
            this.names = names;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return names.iterator();
        }
    }

    /**
     * Parses and checks {@code args}. Throws {@link CommandLine.ParameterException} for an unknown
     * option or a value of the wrong type, {@link IllegalArgumentException} for an unknown name or a
     * value out of range; the message is one line.
     */
    static Options parse(String... args) {
        Line line = new Line();
        // Overwriting allowed: benchmarks/run passes --out before the user's arguments, which may repeat it.
        new CommandLine(line).setOverwrittenOptionsAllowed(true).parseArgs(args);
        if (line.help) {
            return new Options(false, 1, null, null, 1.0, line.out, Set.of(), null, null, null, true);
        }
        // Full sizes get 5 measured runs (cheap: the full run takes minutes); quick mode 3.
        int runs = line.runs != null ? line.runs : line.quick ? 3 : 5;
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, was " + runs);
        }
        if (!(line.scale > 0)) {
            throw new IllegalArgumentException("--scale must be > 0, was " + line.scale);
        }
        Set<String> shapes = known("--shapes", "shape", line.shapes, Catalog.shapeKeys());
        Set<String> contenders = known("--contenders", "contender", line.contenders, Catalog.contenderNames());
        Set<String> sections = known("--sections", "section", line.sections, Catalog.SECTIONS);
        if (sections == null) {
            sections = Set.copyOf(line.quick ? Catalog.QUICK_SECTIONS : Catalog.DEFAULT_SECTIONS);
        }
        if (line.size != null && line.size < 10) {
            throw new IllegalArgumentException("--size must be >= 10, was " + line.size);
        }
        if (line.waitingJobs != null && line.waitingJobs < 1) {
            throw new IllegalArgumentException("--waiting-jobs must be >= 1, was " + line.waitingJobs);
        }
        return new Options(line.quick, runs, shapes, contenders, line.scale, line.out, sections, line.redis, line.size,
                line.waitingJobs, false);
    }

    /** The usage text ({@code --help}). */
    static void usage(PrintStream out) {
        new CommandLine(new Line()).usage(out);
    }

    /** {@code given} as a set (null if the option was not given), once every name is in {@code valid}. */
    private static Set<String> known(String option, String what, List<String> given, List<String> valid) {
        if (given == null) {
            return null;
        }
        List<String> unknown = given.stream().filter(n -> !valid.contains(n)).distinct().sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown " + what + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " in " + option + "; valid: " + String.join(", ", valid));
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(given));
    }

    boolean runsShape(String key) {
        return shapes == null || shapes.contains(key);
    }

    /** Whether any shape of the table runs (not {@code --shapes none}). */
    boolean runsTable() {
        return Catalog.shapes().stream().anyMatch(s -> runsShape(s.key()));
    }

    boolean runsContender(String name) {
        return contenders == null || contenders.contains(name);
    }

    boolean runsSection(String name) {
        return sections.contains(name);
    }

    /** Jobs per shape in the scale section. */
    int scaleJobs() {
        return size != null ? size : quick ? Scale.JOBS_QUICK : Scale.JOBS;
    }

    /** Jobs in the waiting section. */
    int waitingJobCount() {
        return waitingJobs != null ? waitingJobs : quick ? WaitingJobs.JOBS_QUICK : WaitingJobs.JOBS;
    }
}
