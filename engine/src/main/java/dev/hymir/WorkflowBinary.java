package dev.hymir;

import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.DagBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The definition the journal records for a workflow: binary, and as small as the {@link Dag} it
 * describes. A 10^7-job fan-out of one job is ~10 MB (a job template once, one predecessor list of
 * 10^7 ascending indices at a byte each); a layered DAG ~11 bytes a job. {@link Workflow#fromJson} is
 * not involved: JSON of 10^7 nodes would be ~400 MB of text.
 *
 * <p>Layout (all integers stop-bit varints, signed ones zigzag): the magic {@code 0x00 'H' 2}; the
 * templates (count, then each job's compact JSON as length + UTF-8); the callbacks (count, then kind
 * ordinal and job JSON each); the job count {@code n}; which template each job is, as runs of (template,
 * length), left out when there is one template; the predecessor lists (count including the empty list
 * 0, then each one's size and its ascending items as first value and gaps); each job's list as runs of
 * (zigzag start − previous end, step 0 or 1, length), so a Group's members (one list) and a layered
 * DAG's jobs (consecutive lists) take a few bytes in all.
 */
final class WorkflowBinary {
    private static final byte[] MAGIC = {0, 'H', 2};

    private WorkflowBinary() {
    }

    /** Whether {@code bytes} is a binary definition (else it is JSON text from an older journal). */
    static boolean isBinary(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1];
    }

    static byte[] write(Dag dag, Map<Callback, Job> callbacks) {
        int n = dag.size();
        Out out = new Out(64 + n + dag.listItems().length * 2);
        out.bytes(MAGIC, MAGIC.length);
        out.varint(dag.templateCount());
        for (Job job : dag.templates()) {
            out.text(WorkflowJson.compactJobJson(job));
        }
        out.varint(callbacks.size());
        for (Map.Entry<Callback, Job> e : callbacks.entrySet()) {
            out.varint(e.getKey().ordinal());
            out.text(WorkflowJson.compactJobJson(e.getValue()));
        }
        out.varint(n);
        if (dag.templateCount() > 1) {
            int i = 0;
            while (i < n) {
                int t = dag.templateIndex(i);
                int run = 1;
                while (i + run < n && dag.templateIndex(i + run) == t) {
                    run++;
                }
                out.varint(t);
                out.varint(run);
                i += run;
            }
        }
        int lists = dag.listCount();
        int[] items = dag.listItems();
        out.varint(lists);
        for (int l = 1; l < lists; l++) {
            int from = dag.listStart(l);
            int size = dag.listSize(l);
            out.varint(size);
            int previous = 0;
            for (int k = from; k < from + size; k++) {
                out.varint(items[k] - previous); // ascending: gaps are small and never negative
                previous = items[k];
            }
        }
        long end = 0; // listOf as runs of step 0 or 1
        int i = 0;
        while (i < n) {
            int start = dag.listOf(i);
            int step = i + 1 < n && dag.listOf(i + 1) == start + 1 ? 1 : 0;
            int run = 1;
            while (i + run < n && dag.listOf(i + run) == start + (long) step * run) {
                run++;
            }
            out.signed(start - end);
            out.varint(step);
            out.varint(run);
            end = start + (long) step * (run - 1);
            i += run;
        }
        return out.toArray();
    }

    /** How many jobs a binary definition holds, read from its header alone (nothing else is decoded). */
    static int jobCount(byte[] bytes) {
        In in = new In(bytes, MAGIC.length);
        int templates = in.count("templates");
        for (int t = 0; t < templates; t++) {
            in.skipText();
        }
        int callbacks = in.count("callbacks");
        for (int c = 0; c < callbacks; c++) {
            in.count("callback kind");
            in.skipText();
        }
        return in.count("jobs");
    }

    /** The workflow of a binary definition; {@link InvalidWorkflow.Malformed} if it is not one this version reads. */
    static Workflow read(byte[] bytes) {
        if (!isBinary(bytes) || bytes[2] != MAGIC[2]) {
            throw new InvalidWorkflow.Malformed("not a binary workflow definition of version " + MAGIC[2]
                    + (isBinary(bytes) ? " (version " + bytes[2] + ": written by a newer Hymir?)" : ""));
        }
        In in = new In(bytes, MAGIC.length);
        try {
            int templateCount = in.count("templates");
            Job[] templates = new Job[templateCount];
            for (int t = 0; t < templateCount; t++) {
                templates[t] = WorkflowJson.readJobJson(in.text(), "template " + t);
            }
            int callbackCount = in.count("callbacks");
            Map<Callback, Job> callbacks = new EnumMap<>(Callback.class);
            for (int c = 0; c < callbackCount; c++) {
                int kind = in.count("callback kind");
                if (kind >= Callback.values().length) {
                    throw new InvalidWorkflow.Malformed("unknown callback kind " + kind);
                }
                callbacks.put(Callback.values()[kind], WorkflowJson.readJobJson(in.text(), "callback " + kind));
            }
            int n = in.count("jobs");
            int[] templateOf = null;
            if (templateCount > 1) {
                templateOf = new int[n];
                int i = 0;
                while (i < n) {
                    int t = in.count("template");
                    int run = in.count("template run");
                    if (t >= templateCount || run > n - i) {
                        throw new InvalidWorkflow.Malformed("template run (" + t + ", " + run + ") out of range");
                    }
                    Arrays.fill(templateOf, i, i + run, t);
                    i += run;
                }
            }
            int lists = in.count("lists");
            if (lists - 1 > in.remaining()) { // each list takes a byte at least
                throw new InvalidWorkflow.Malformed("binary workflow definition: " + lists + " lists in " + in.remaining() + " bytes");
            }
            DagBuilder dag = new DagBuilder(false, false).expect(n, lists, listItemCount(in, lists));
            int[] buffer = new int[16];
            for (int l = 1; l < lists; l++) {
                int size = in.count("list size");
                if (buffer.length < size) {
                    buffer = new int[Math.max(size, buffer.length * 2)];
                }
                int value = 0;
                for (int k = 0; k < size; k++) {
                    value += in.count("list item");
                    buffer[k] = value;
                }
                if (dag.addSortedList(buffer, size) != l) {
                    throw new IllegalStateException("list numbering out of step at " + l);
                }
            }
            long end = 0;
            int i = 0;
            while (i < n) {
                long start = end + in.signed();
                int step = in.count("step");
                int run = in.count("run");
                if (run > n - i || step > 1 || start < 0 || start + (long) step * (run - 1) >= Math.max(lists, 1)) {
                    throw new InvalidWorkflow.Malformed("predecessor run (" + start + ", " + step + ", " + run + ") out of range");
                }
                for (int k = 0; k < run; k++) {
                    int job = i + k;
                    dag.job(templateOf == null ? 0 : templateOf[job], (int) (start + (long) step * k));
                }
                end = start + (long) step * (run - 1);
                i += run;
            }
            if (in.remaining() != 0) {
                throw new InvalidWorkflow.Malformed(in.remaining() + " bytes left over after the definition");
            }
            return Workflow.restore(dag.build(templates), Collections.unmodifiableMap(callbacks));
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            if (e instanceof InvalidWorkflow w) {
                throw w;
            }
            throw new InvalidWorkflow.Malformed("binary workflow definition is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * How many items the {@code lists} lists starting at {@code in}'s position hold (read ahead, the
     * position kept): the builder then allocates its arrays once, in their final size. Each item is
     * a byte or more, so a corrupt count cannot ask for more than the definition's length.
     */
    private static int listItemCount(In in, int lists) {
        int mark = in.pos;
        long items = 0;
        for (int l = 1; l < lists; l++) {
            int size = in.count("list size");
            for (int k = 0; k < size; k++) {
                in.count("list item");
            }
            items += size;
        }
        in.pos = mark;
        return (int) Math.min(items, in.remaining());
    }

    /** A growable byte array with stop-bit varints. */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(size + more, buf.length + (buf.length >> 1)));
            }
        }

        void bytes(byte[] b, int len) {
            ensure(len);
            System.arraycopy(b, 0, buf, size, len);
            size += len;
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void signed(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            bytes(b, b.length);
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        long varint() {
            long v = 0;
            int shift = 0;
            while (true) {
                byte b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
                shift += 7;
                if (shift > 63) {
                    throw new InvalidWorkflow.Malformed("binary workflow definition: a number runs past 64 bits at byte " + pos);
                }
            }
        }

        /** A non-negative int (a count, index or gap). */
        int count(String what) {
            long v = varint();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new InvalidWorkflow.Malformed("binary workflow definition: " + what + " " + v + " out of range");
            }
            return (int) v;
        }

        long signed() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        String text() {
            int len = count("text length");
            String s = new String(buf, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        void skipText() {
            int length = count("text length"); // (not "pos += count(...)": that adds to pos as it was before the read)
            pos += length;
        }

        int remaining() {
            return buf.length - pos;
        }
    }
}
