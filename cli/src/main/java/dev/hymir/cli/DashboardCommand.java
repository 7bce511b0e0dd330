package dev.hymir.cli;

import dev.hymir.HymirException;
import dev.hymir.RedisExecutor;
import dev.hymir.dashboard.HymirDashboard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;

/**
 * Serves the dashboard over the Redis snapshots of any engine (Python Hymir's included) until
 * Ctrl-C or SIGTERM. Read-only: there is no engine here to cancel through.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves a web page of the workflows in Redis (live progress, graphs, failed jobs) until"
                + " Ctrl-C. Reads only; binds 127.0.0.1 unless --bind says otherwise."},
        footer = {"", "Examples:",
                "  hymir dashboard --redis redis://127.0.0.1:6379              then open http://127.0.0.1:8080/",
                "  HYMIR_REDIS_URL=redis://db.internal:6379 hymir dashboard --port 9000",
                "  hymir demo --work sleep:2ms --dashboard-port 8080 --allow-cancel   (cancel works there)"})
final class DashboardCommand implements Callable<Integer> {
    static final String REDIS_ENV = "HYMIR_REDIS_URL";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--redis", paramLabel = "URL",
            description = "redis://[user:password@]host:port[/db] or rediss://... (the password is never printed)."
                    + " Default: the " + REDIS_ENV + " environment variable.")
    String redisUrl;

    @CommandLine.ParentCommand
    HymirCli root;

    @Option(names = {"--prefix", "--key-prefix"}, defaultValue = "", paramLabel = "PREFIX",
            description = "The key prefix the engines' RedisStateStore wrote with. Default: none.")
    String keyPrefix;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "The TCP port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 shows"
                    + " every job's arguments and exceptions to the network.")
    String bind;

    @Option(names = "--allow-cancel", description = "Refused here: a dashboard reading Redis has no engine to cancel"
            + " through (use it with hymir demo --dashboard-port, or embed HymirDashboard with allowCancel(engine)).")
    boolean allowCancel;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (allowCancel) {
            throw new CommandLine.ParameterException(cmd, "--allow-cancel needs an engine to cancel through, and a"
                    + " dashboard reading Redis has none: drop it (this dashboard is read-only), or use"
                    + " 'hymir demo --dashboard-port P --allow-cancel', or embed HymirDashboard with allowCancel(engine)");
        }
        checkPort(cmd, port, "--port");
        InetAddress address = address(cmd, bind);
        RedisTarget target = RedisTarget.resolve(cmd, redisUrl, root.env(), true);
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        try (UntilStopped stop = UntilStopped.install()) {
            try (RedisExecutor reader = target.openExecutor(keyPrefix);
                 HymirDashboard dashboard = start(HymirDashboard.builder().reader(reader).port(port).bind(bind))) {
                warnIfExposed(err, address, "--bind " + bind);
                out.println("dashboard: " + dashboard.url() + " (reading " + target.masked()
                        + (keyPrefix.isEmpty() ? "" : ", key prefix '" + keyPrefix + "'") + "; Ctrl-C to stop)");
                out.flush();
                stop.await();
            }
        }
        return 0;
    }

    /** Builds and starts a dashboard; a port in use becomes one line saying what to do. */
    static HymirDashboard start(HymirDashboard.Builder builder) {
        try {
            return builder.build().start();
        } catch (HymirException e) {
            throw new UserError(Errors.firstLine(e.getMessage()), e);
        }
    }

    static void checkPort(CommandLine cmd, int port, String option) {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(cmd, option + " must be between 0 and 65535, was " + port);
        }
    }

    static InetAddress address(CommandLine cmd, String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(cmd, "--bind '" + bind + "' is not an IP address or a known host name");
        }
    }

    /** A line on stderr when the page is reachable from other machines. */
    static void warnIfExposed(PrintWriter err, InetAddress address, String why) {
        if (!address.isLoopbackAddress()) {
            err.println("hymir: warning: " + why + " serves the dashboard beyond this machine: anyone who can reach"
                    + " the port sees every workflow's job names, arguments and exceptions");
            err.flush();
        }
    }
}
