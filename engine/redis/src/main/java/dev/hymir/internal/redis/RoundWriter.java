package dev.hymir.internal.redis;

import dev.hymir.JobState;
import dev.hymir.internal.json.Json;
import dev.hymir.spi.RunView;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one round as a pipeline: each run's part (its keys deleted first in a rewrite, then its job
 * states as HSETs of {@code batchSize} fields, its new output values, its state last, once its
 * definition is in Redis) and the deletes of cleared runs. A run's commands go on one connection in order, so a
 * run's state never overtakes its jobs; different runs share nothing (no MULTI), so a command that
 * fails (a foreign key of the wrong type) fails its own run's part only.
 */
final class RoundWriter {
    /**
     * Pushes output values only while the list holds exactly as many as were written before, so a
     * part sent again after its reply was lost (a timeout after Redis applied it) never pushes them
     * twice. Returns the list's length: {@code from + count} when the values are there.
     */
    static final byte[] PUSH_SCRIPT = ("local n = redis.call('LLEN', KEYS[1])\n"
            + "if n == tonumber(ARGV[1]) then return redis.call('RPUSH', KEYS[1], unpack(ARGV, 2)) end\n"
            + "return n").getBytes(StandardCharsets.UTF_8);
    /** Values per script call: Lua's unpack() has a limit of a few thousand. */
    static final int PUSH_CHUNK = 1_000;
    private static final byte[] ONE = {'1'};

    private final int batchSize;

    /** An argument Jedis sends as it is: given a plain byte[], Jedis copies it (a 150 MB definition too). */
    private record Bytes(byte[] raw) implements Rawable {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    private static Response<Object> send(Pipeline p, Protocol.Command command, byte[]... args) {
        return send(p, command, args, args.length);
    }

    private static Response<Object> send(Pipeline p, Protocol.Command command, byte[][] args, int count) {
        CommandArguments arguments = new CommandArguments(command);
        for (int i = 0; i < count; i++) {
            arguments.add(new Bytes(args[i]));
        }
        return p.sendCommand(arguments);
    }

    RoundWriter(int batchSize) {
        this.batchSize = batchSize;
    }

    /** What a part sent and what each reply must be, read back by {@link #check}. */
    private static final class Sent {
        final RunSnapshot.Part part;
        final List<Response<Object>> replies = new ArrayList<>();
        final List<Long> expected = new ArrayList<>(); // per reply: the length a push must report, or null

        Sent(RunSnapshot.Part part) {
            this.part = part;
        }

        void add(Response<Object> reply, Long expect) {
            replies.add(reply);
            expected.add(expect);
        }
    }

    /** What one round writes: the deletes of cleared runs and a part of each run it took. */
    static final class Round {
        final List<RunSnapshot.Part> parts = new ArrayList<>();
        final List<Waits.Clear> clears = new ArrayList<>();
        int jobs;     // job states read
        int fields;   // job states written (the others were deferred or left out)

        /** Whether there is nothing to send (only waiters to satisfy). */
        boolean isEmpty() {
            if (!clears.isEmpty()) {
                return false;
            }
            for (RunSnapshot.Part part : parts) {
                if (part.deleteFirst || part.jobCount() > 0 || (part.state != null && part.run.definitionWritten)) {
                    return false;
                }
                for (int k = 0; k < part.crumbTo.length; k++) {
                    if (part.crumbTo[k] > part.crumbFrom[k]) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * Sends {@code round} as one pipeline on {@code connection} and reads the replies: each part's
     * {@code error} is its first failed command (null if none), {@code fields} what was written.
     * Returns the errors of clears' deletes. Throws if Redis did not answer (the round is sent again).
     */
    List<String> write(Connection connection, Round round) {
        Pipeline p = new Pipeline(connection);
        List<Response<Object>> clearReplies = new ArrayList<>();
        for (Waits.Clear c : round.clears) {
            clearReplies.add(send(p, Protocol.Command.DEL, c.keys));
        }
        List<Sent> sent = new ArrayList<>(round.parts.size());
        for (RunSnapshot.Part part : round.parts) {
            part.error = null;
            try {
                sent.add(sendPart(p, part));
            } catch (JedisException e) {
                throw e;
            } catch (RuntimeException e) {
                part.error = "cannot encode its states: " + e.getMessage();
            }
        }
        p.sync();
        round.fields = 0;
        for (Sent s : sent) {
            s.part.error = check(s);
            round.fields += s.part.fields;
        }
        List<String> clearErrors = new ArrayList<>();
        for (Response<Object> reply : clearReplies) {
            try {
                reply.get();
            } catch (JedisDataException e) {
                clearErrors.add(e.getMessage());
            }
        }
        return clearErrors;
    }

    /** Sends a part: its deletes (a rewrite), job states, output values, then its state. */
    private Sent sendPart(Pipeline p, RunSnapshot.Part part) {
        Sent sent = new Sent(part);
        RunSnapshot run = part.run;
        if (part.deleteFirst) {
            sent.add(send(p, Protocol.Command.DEL, run.keys()), null);
        }
        sendJobs(p, sent);
        sendCrumbs(p, sent);
        sendState(p, sent);
        return sent;
    }

    /** Sends the run's state last, once its definition is in Redis (the DefinitionWriter's). */
    private void sendState(Pipeline p, Sent sent) {
        RunSnapshot.Part part = sent.part;
        RunSnapshot run = part.run;
        if (part.state != null && run.definitionWritten) {
            sent.add(send(p, Protocol.Command.SET, run.stateKey,
                    SnapshotFormat.workflowJson(part.state).getBytes(StandardCharsets.UTF_8)), null);
            part.stateSent = true;
        }
    }

    /** After sync: the first error of the part's commands, or null. */
    private static String check(Sent sent) {
        for (int i = 0; i < sent.replies.size(); i++) {
            Object reply;
            try {
                reply = sent.replies.get(i).get();
            } catch (JedisDataException e) {
                return e.getMessage();
            }
            Long expected = sent.expected.get(i);
            if (expected != null && !(reply instanceof Long n && n.longValue() == expected)) {
                return "an output list holds " + reply + " values where " + expected
                        + " were written (changed by something other than this engine)";
            }
        }
        return null;
    }

    private void sendJobs(Pipeline p, Sent sent) {
        RunSnapshot.Part part = sent.part;
        RunView view = part.run.view;
        int[] jobs = part.jobs;
        part.deferredCount = 0;
        part.fields = 0;
        for (int from = 0; from < jobs.length; from += batchSize) {
            int to = Math.min(jobs.length, from + batchSize);
            byte[][] args = new byte[1 + 2 * (to - from)][];
            args[0] = part.run.jobsKey;
            int a = 1;
            for (int i = from; i < to; i++) {
                int j = jobs[i];
                JobState state = view.jobState(j);
                if (part.skipDefaults && SnapshotFormat.isDefault(state)) {
                    continue;
                }
                boolean starting = state.status() == JobState.Status.STARTING;
                if (i < part.dueDeferred) {
                    if (!starting) {
                        continue; // it changed since it was deferred: the engine reported it again, it is written with that
                    }
                } else if (part.mayDefer && starting) {
                    if (part.deferred == null) {
                        part.deferred = new int[jobs.length - part.dueDeferred];
                    }
                    part.deferred[part.deferredCount++] = j;
                    continue;
                }
                args[a++] = ascii(j + 1);
                args[a++] = SnapshotFormat.jobBytes(state);
            }
            if (a > 1) {
                sent.add(send(p, Protocol.Command.HSET, args, a), null);
                part.fields += (a - 1) / 2;
            }
        }
    }

    private void sendCrumbs(Pipeline p, Sent sent) {
        RunSnapshot.Part part = sent.part;
        RunSnapshot run = part.run;
        for (int k = 0; k < run.outputs.length; k++) {
            int from = part.crumbFrom[k];
            int to = part.crumbTo[k];
            if (from >= to) {
                continue;
            }
            List<Object> values = run.view.outputValues(run.outputs[k], from);
            for (int start = from; start < to; start += PUSH_CHUNK) {
                int end = Math.min(to, start + PUSH_CHUNK);
                byte[][] args = new byte[4 + end - start][];
                args[0] = PUSH_SCRIPT;
                args[1] = ONE;
                args[2] = run.crumbKeys[k];
                args[3] = ascii(start);
                for (int i = start; i < end; i++) {
                    args[4 + i - start] = Json.write(values.get(i - from)).getBytes(StandardCharsets.UTF_8);
                }
                sent.add(send(p, Protocol.Command.EVAL, args), (long) end);
            }
        }
    }

    /** {@code value} (>= 0) in decimal ASCII, as Redis and Python write ids and counts. */
    static byte[] ascii(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        byte[] out = new byte[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return out;
    }
}
