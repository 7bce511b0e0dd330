package dev.hymir;

import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.redis.DefinitionSlices;

import java.nio.charset.StandardCharsets;

/**
 * {@link Workflow#toJson()} (or, {@code compact}, {@link Workflow#toCompactJson()}) as UTF-8 bytes, byte for byte
 * the same, written a slice at a time for the Redis snapshot flusher. Each distinct job template is
 * written once by Jackson ({@link WorkflowJson#nodeFragments}); what repeats per job and per edge (the
 * ids, the link objects) is copied and formatted here, which is several times faster than a
 * generator call per token. A first pass over the same code counts the bytes, so the array is
 * allocated once at its exact size.
 */
final class DefinitionBytes implements DefinitionSlices {
    private static final byte[] HEAD = ascii("{\"directed\":true,\"multigraph\":false,\"graph\":{},\"nodes\":[");
    private static final byte[] NODE = ascii("{\"id\":\"");
    private static final byte[] LINKS = ascii("],\"links\":[");
    private static final byte[] SOURCE = ascii("{\"source\":\"");
    private static final byte[] TARGET = ascii("\",\"target\":\"");
    private static final byte[] LINK_END = ascii("\"}");
    private static final byte[] LISTS = ascii("],\"" + WorkflowJson.PREDECESSORS + "\":{\"lists\":[");
    private static final byte[] OF = ascii("],\"of\":[");
    private static final byte[] CALLBACKS = ascii(",\"callbacks\":");

    private enum Phase { HEAD, NODES, LINKS, LISTS, OF, END, DONE }

    private final Dag dag;
    private final boolean compact;
    private final byte[][] before;   // per template: after the node's id up to the job's id (compact: the rest of the node)
    private final byte[][] after;    // per template: after the job's id (compact: empty)
    private final byte[] callbacks;
    private final long length;

    private long counted;            // the counting pass: bytes so far
    private byte[] out;              // the writing pass: the array, and the next position in it
    private int pos;
    private Phase phase = Phase.HEAD;
    private int index;               // node, link target, list or "of" entry to write next
    private int item;                // links: the next predecessor of node {@code index}, as a position in the list items
    private boolean wroteLink;       // links: a comma goes before the next one

    DefinitionBytes(Workflow workflow, boolean compact) {
        this.dag = workflow.dag();
        this.compact = compact;
        int templates = dag.templateCount();
        this.before = new byte[templates][];
        this.after = new byte[templates][];
        for (int t = 0; t < templates; t++) {
            byte[][] fragments = WorkflowJson.nodeFragments(dag.templateAt(t), compact);
            before[t] = fragments[0];
            after[t] = fragments[1];
        }
        this.callbacks = WorkflowJson.callbackBytes(workflow.callbacks(), compact);
        while (step(Long.MAX_VALUE)) {
            // counting: the same code as writing, so the two cannot disagree
        }
        this.length = counted;
        this.phase = Phase.HEAD;
        this.index = 0;
        this.item = 0;
        this.wroteLink = false;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public boolean writeSome(int budget) {
        if (out == null) {
            if (length > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a definition of " + length + " bytes does not fit one array");
            }
            out = new byte[(int) length];
        }
        step(pos + (long) budget);
        if (phase == Phase.DONE && pos != length) {
            throw new IllegalStateException("definition bytes: counted " + length + ", wrote " + pos);
        }
        return phase == Phase.DONE;
    }

    @Override
    public byte[] bytes() {
        if (phase != Phase.DONE || out == null) {
            throw new IllegalStateException("the definition is not written yet");
        }
        return out;
    }

    /** Writes (or counts) until {@code stop} bytes are reached or the end; true while not done. */
    private boolean step(long stop) {
        int n = dag.size();
        while (phase != Phase.DONE && position() < stop) {
            switch (phase) {
                case HEAD -> {
                    put(HEAD);
                    phase = Phase.NODES;
                }
                case NODES -> {
                    if (index == n) {
                        put(compact ? LISTS : LINKS);
                        phase = compact ? Phase.LISTS : Phase.LINKS;
                        index = compact ? 1 : 0; // the Dag's list 0 is "no predecessors", never written
                        item = compact ? 0 : dag.listStart(dag.listOf(0));
                        continue;
                    }
                    if (index > 0) {
                        put((byte) ',');
                    }
                    int t = dag.templateIndex(index);
                    put(NODE);
                    putInt(index + 1);
                    put(before[t]);
                    if (!compact) {
                        putInt(index + 1);
                        put(after[t]);
                    }
                    index++;
                }
                case LINKS -> {
                    if (index == n) {
                        put((byte) ']');
                        phase = Phase.END;
                        continue;
                    }
                    int end = dag.listStart(dag.listOf(index) + 1);
                    if (item >= end) {
                        index++;
                        item = index < n ? dag.listStart(dag.listOf(index)) : 0;
                        continue;
                    }
                    if (wroteLink) {
                        put((byte) ',');
                    }
                    put(SOURCE);
                    putInt(dag.listItems()[item] + 1);
                    put(TARGET);
                    putInt(index + 1);
                    put(LINK_END);
                    wroteLink = true;
                    item++;
                }
                case LISTS -> {
                    if (index == dag.listCount()) {
                        put(OF);
                        phase = Phase.OF;
                        index = 0;
                        continue;
                    }
                    if (index > 1) {
                        put((byte) ',');
                    }
                    put((byte) '[');
                    int[] items = dag.listItems();
                    int start = dag.listStart(index);
                    int end = start + dag.listSize(index);
                    for (int k = start; k < end; k++) {
                        if (k > start) {
                            put((byte) ',');
                        }
                        putInt(items[k]);
                    }
                    put((byte) ']');
                    index++;
                }
                case OF -> {
                    if (index == n) {
                        put((byte) ']');
                        put((byte) '}');
                        phase = Phase.END;
                        continue;
                    }
                    if (index > 0) {
                        put((byte) ',');
                    }
                    putInt(dag.listOf(index) - 1);
                    index++;
                }
                case END -> {
                    put(CALLBACKS);
                    put(callbacks);
                    put((byte) '}');
                    phase = Phase.DONE;
                }
                case DONE -> throw new AssertionError();
            }
        }
        return phase != Phase.DONE;
    }

    private long position() {
        return out == null ? counted : pos;
    }

    private void put(byte[] bytes) {
        if (out == null) {
            counted += bytes.length;
        } else {
            System.arraycopy(bytes, 0, out, pos, bytes.length);
            pos += bytes.length;
        }
    }

    private void put(byte b) {
        if (out == null) {
            counted++;
        } else {
            out[pos++] = b;
        }
    }

    private void putInt(int value) {
        if (value < 0) {
            put((byte) '-');
            value = -value; // only -1 ("no predecessors") is ever negative
        }
        int digits = digits(value);
        if (out == null) {
            counted += digits;
            return;
        }
        int p = pos + digits;
        do {
            out[--p] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        pos += digits;
    }

    private static int digits(int value) {
        int d = 1;
        for (long limit = 10; value >= limit && d < 10; limit *= 10) {
            d++;
        }
        return d;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
