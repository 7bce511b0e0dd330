package dev.hymir.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.logging.LogManager;

/**
 * The {@code hymir} command. Subcommands do the work; this class only wires picocli: version, the
 * global {@code --verbose} flag and the error handlers that turn every failure into one line.
 *
 * <p>Exit codes: 0 success, 1 the command failed (bad input file, unwritable directory, a workflow
 * that did not succeed), 2 bad usage (unknown option, bad value).
 */
@Command(name = "hymir",
        mixinStandardHelpOptions = true,
        versionProvider = HymirCli.Version.class,
        description = "Runs, inspects and draws Hymir workflows.",
        footer = {"", "Environment:",
                "  HYMIR_REDIS_URL   the Redis URL of 'status', 'demo', 'worker', 'journal recover' and 'dashboard' when --redis is not given:"
                        + " a password there does not show in ps (a command line does)."},
        subcommands = {DemoCommand.class, WorkerCommand.class, StatusCommand.class, DashboardCommand.class, JournalCommand.class, RenderCommand.class,
                CommandLine.HelpCommand.class,
                // bash/zsh completion for every command and option: source <(hymir generate-completion)
                AutoComplete.GenerateCompletion.class})
public final class HymirCli implements Runnable {

    /** Inherited by every subcommand, so both {@code hymir --verbose demo} and {@code hymir demo --verbose} work. */
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    /** The variable a Redis URL is read from when {@code --redis} is absent (keeps a password out of {@code ps}). */
    static final String REDIS_URL_VARIABLE = "HYMIR_REDIS_URL";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment, or what a test passes. */
    private final Map<String, String> env;

    private HymirCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment the subcommands read ({@link #REDIS_URL_VARIABLE}). */
    Map<String, String> env() {
        return env;
    }

    /** The CLI's default java.util.logging configuration (its SLF4J binding is slf4j-jdk14). */
    static final String LOGGING_CONFIG = "/dev/hymir/cli/logging.properties";

    public static void main(String[] args) {
        // Before any class that might load Chronicle: its analytics would phone home otherwise.
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        configureLogging();
        System.exit(commandLine().execute(args));
    }

    /**
     * One line per log record (time, level, logger's short name, message) and Chronicle's INFO lines left
     * out, unless the user configured java.util.logging themselves.
     */
    static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = HymirCli.class.getResourceAsStream(LOGGING_CONFIG)) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("hymir: cannot read the logging configuration " + LOGGING_CONFIG + ": " + e);
        }
    }

    /** The configured command line, reading the process environment. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The configured command line with {@code env} as its environment; tests run it in-process. */
    static CommandLine commandLine(Map<String, String> env) {
        Errors errors = new Errors();
        return new CommandLine(new HymirCli(env))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    @Override
    public void run() {
        // 'hymir' alone: say what there is to run.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version Maven wrote into hymir-version.properties (works from the jar and in tests). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = HymirCli.class.getResourceAsStream("/hymir-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"hymir " + p.getProperty("version", "(unknown version)")
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
