package dev.hymir.it;

import dev.hymir.CheckLater;
import dev.hymir.JobFunction;
import dev.hymir.JobState;
import dev.hymir.Retry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Jobs of the kill -9 test. Each execution appends one line to the side file with a single
 * {@code write} on an O_APPEND channel: the line is in the page cache once the call returns, so it
 * survives the process being killed, and lines of concurrent jobs never interleave.
 */
public final class KillJobs {
    /** How many times {@link #retrying} and {@link #checking} wait before succeeding. */
    static final int WAITS = 8;
    static final Duration WAIT = Duration.ofMillis(300);

    private static volatile FileChannel side;

    private KillJobs() {
    }

    static void open(Path sideFile) throws IOException {
        side = FileChannel.open(sideFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static void record(String line) {
        try {
            side.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @JobFunction
    public static void mark(int i) {
        record("J " + i);
    }

    @JobFunction(output = "vals")
    public static int produce(int i) {
        record("P " + i);
        return i;
    }

    @JobFunction(inputs = "vals")
    public static void consume(List<Integer> vals) {
        long sum = 0;
        for (int v : vals) {
            sum += v;
        }
        record("C " + vals.size() + " " + sum);
    }

    @JobFunction(inputs = "job_state")
    public static Object retrying(JobState job_state) {
        record("R " + job_state.retries());
        return job_state.retries() < WAITS ? Retry.after(WAIT, WAITS + 1) : "retried";
    }

    @JobFunction(inputs = "job_state")
    public static Object checking(JobState job_state) {
        int n = ((Number) job_state.context().getOrDefault("n", 0)).intValue();
        record("L " + n);
        return n < WAITS ? new CheckLater(WAIT, Map.of("n", n + 1)) : "checked";
    }
}
