package dev.hymir.cli;

import dev.hymir.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Shows a run's progress on stderr while it runs: a progress bar on a terminal, else a plain line
 * about every second (for logs and CI). Polls {@code progress} from its own daemon thread; the
 * engine's reads never block, so polling does not slow the scheduler. The bar writes to
 * System.err itself (progressbar's console consumer), the lines to the command's error writer.
 */
final class ProgressReporter implements AutoCloseable {
    private final Thread thread;
    private volatile boolean done;

    private final String task;
    private final Supplier<Progress> progress;
    private final PrintWriter err;

    private ProgressReporter(String task, Supplier<Progress> progress, PrintWriter err, boolean terminal) {
        this.task = task;
        this.progress = progress;
        this.err = err;
        Runnable loop = terminal ? this::bar : this::lines;
        this.thread = Thread.ofPlatform().daemon().name("hymir-progress").unstarted(loop);
    }

    /** A bar when stderr is a terminal, lines otherwise. */
    static ProgressReporter start(String task, Supplier<Progress> progress, PrintWriter err) {
        return start(task, progress, err, stderrIsTerminal());
    }

    static ProgressReporter start(String task, Supplier<Progress> progress, PrintWriter err, boolean terminal) {
        ProgressReporter r = new ProgressReporter(task, progress, err, terminal);
        r.thread.start();
        return r;
    }

    private void bar() {
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(progress.get().total())
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" jobs", 1)
                .setUpdateIntervalMillis(100)
                .showSpeed()
                .build()) {
            while (!done) {
                bar.stepTo(progress.get().finished());
                if (!sleep(Duration.ofMillis(100))) {
                    break;
                }
            }
            bar.stepTo(progress.get().finished());
        }
    }

    private void lines() {
        while (sleep(Duration.ofSeconds(1)) && !done) {
            Progress p = progress.get();
            long percent = p.total() == 0 ? 100 : p.finished() * 100 / p.total();
            err.println(p.finished() + "/" + p.total() + " jobs (" + percent + "%)");
            err.flush();
        }
    }

    /** False when interrupted: the reporter is being closed. */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Whether stderr likely is a terminal. Java has no test for stderr itself; System.console() is
     * null when stdin or stdout is redirected on JDK 21, and on JDK 22+ it always exists and
     * Console.isTerminal() (not in the Java 21 API we compile against) tells.
     */
    static boolean stderrIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }

    /** Stops the display after one last update, and waits for it so the summary follows it. */
    @Override
    public void close() {
        done = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
