package dev.hymir.it.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Child JVMs ({@link WorkerChild}) for the worker tests: started with this JVM's class path, their output collected. */
final class Children implements AutoCloseable {
    /** A started child: its process and the lines it printed so far. */
    static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuilder all = new StringBuilder();

        Child(Process process) {
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (all) {
                            all.append(line).append('\n');
                        }
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child died
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** The first printed line starting with {@code prefix} (waiting up to {@code seconds}). */
        String await(String prefix, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new AssertionError("no line '" + prefix + "...' within " + seconds + " s; output:\n" + output()
                    + (process.isAlive() ? "\nthreads:\n" + threadDump() : "\n(exited with " + process.exitValue() + ")"));
        }

        /** The child's threads (jstack), for a failure's diagnosis. */
        String threadDump() {
            try {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                        Long.toString(process.pid())).redirectErrorStream(true).start();
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no thread dump: " + e + ")";
            }
        }

        String output() {
            synchronized (all) {
                return all.toString();
            }
        }

        /** SIGTERM, keeping its output readable (Process.destroy() would close our end of its pipes). */
        void terminate() {
            process.toHandle().destroy();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private final List<Child> started = new ArrayList<>();

    Child start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")) {
                cmd.add(arg); // the Chronicle flags the build gives this JVM (a coordinator journals)
            }
        }
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerChild.class.getName());
        cmd.addAll(List.of(args));
        Child child = new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        started.add(child);
        return child;
    }

    /** A worker child, returned at once (it may run jobs before it says it is ready). */
    Child workerNow(String url, Path side, int concurrency, long leaseMillis, long graceMillis) throws IOException {
        return start("worker", url, side.toString(), Integer.toString(concurrency), Long.toString(leaseMillis),
                Long.toString(graceMillis));
    }

    /** A worker child, returned once it reads its queue. */
    Child worker(String url, Path side, int concurrency, long leaseMillis, long graceMillis) throws Exception {
        Child c = start("worker", url, side.toString(), Integer.toString(concurrency), Long.toString(leaseMillis),
                Long.toString(graceMillis));
        c.await("READY", 60);
        return c;
    }

    /** How many times each mark ran, over the side files. */
    static Map<Integer, Integer> marks(List<Path> sides) throws IOException {
        Map<Integer, Integer> runs = new HashMap<>();
        for (Path side : sides) {
            if (!Files.exists(side)) {
                continue;
            }
            for (String line : Files.readAllLines(side, StandardCharsets.US_ASCII)) {
                if (line.startsWith("J ")) {
                    runs.merge(Integer.parseInt(line.substring(2)), 1, Integer::sum);
                }
            }
        }
        return runs;
    }

    static long lines(List<Path> sides) throws IOException {
        long n = 0;
        for (Path side : sides) {
            if (Files.exists(side)) {
                try (var s = Files.lines(side, StandardCharsets.US_ASCII)) {
                    n += s.count();
                }
            }
        }
        return n;
    }

    /** Kills every child still running; prints what they logged at WARNING and above (for a failure's diagnosis). */
    @Override
    public void close() {
        for (int i = 0; i < started.size(); i++) {
            Child c = started.get(i);
            if (c.process.isAlive()) {
                c.process.destroyForcibly();
            }
            String[] lines = c.output().split("\n");
            for (int k = 0; k < lines.length; k++) {
                if (lines[k].startsWith("WARNING") || lines[k].startsWith("SEVERE") || lines[k].contains("Exception") || lines[k].contains("took over")) {
                    System.out.println("child " + i + ": " + (k > 0 ? lines[k - 1] + " | " : "") + lines[k]);
                }
            }
        }
    }
}
