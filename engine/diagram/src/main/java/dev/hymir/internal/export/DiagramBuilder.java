package dev.hymir.internal.export;

import dev.hymir.internal.graph.IntArrayKey;

import dev.hymir.Callback;
import dev.hymir.Job;
import dev.hymir.internal.export.Diagram.Edge;
import dev.hymir.internal.export.Diagram.Kind;
import dev.hymir.internal.export.Diagram.Node;
import dev.hymir.internal.graph.Dag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Diagram} of a workflow's {@link Dag}, collapsing runs of like siblings.
 *
 * <p>Two jobs are <em>like</em> when they have the same name and output, the same predecessor set and
 * the same successor set. Then every edge of one is an edge of the other, so one box with a count says
 * exactly what N boxes said: {@code Chain(root, Group of 10^6, sink)} is three boxes.
 *
 * <p>Everything is computed from the Dag's predecessor arrays, never from the M×N edges they stand
 * for: a job's successors are the users of the predecessor sets it belongs to, so "same successors"
 * is "member of the same sets". Time and memory are linear in jobs plus the total length of the
 * distinct predecessor sets. Edges between two sets of boxes that would cross M×N times go through
 * one join point instead, as in the engine's plan.
 *
 * <p>Callbacks are extra boxes after the terminal jobs (those nothing waits for), with dashed edges:
 * they run once when the workflow ends, whichever jobs ran.
 */
public final class DiagramBuilder {
    /** Above this many crossing edges between two sets of boxes, draw them through one join point. */
    static final int MAX_CROSSING_EDGES = 16;

    private final Dag dag;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private int joins;

    private DiagramBuilder(Dag dag) {
        this.dag = dag;
    }

    /**
     * @param collapse  whether like siblings may share one box
     * @param threshold how many like siblings it takes to share one box (at least 2)
     */
    public static Diagram build(Dag dag, Map<Callback, Job> callbacks, boolean collapse, int threshold) {
        if (threshold < 2) {
            throw new IllegalArgumentException("collapse threshold must be >= 2, was " + threshold);
        }
        return new DiagramBuilder(dag).run(callbacks, collapse, threshold);
    }

    private Diagram run(Map<Callback, Job> callbacks, boolean collapse, int threshold) {
        int n = dag.size();

        int[] predSet = new int[n];
        List<int[]> sets = canonicalSets(predSet);
        int setCount = sets.size();

        // Users of each set (the jobs waiting for exactly that set), as CSR.
        int[] userOffsets = new int[setCount + 1];
        for (int v = 0; v < n; v++) {
            userOffsets[predSet[v] + 1]++;
        }
        prefixSum(userOffsets);
        int[] users = new int[n];
        int[] fill = Arrays.copyOf(userOffsets, setCount);
        for (int v = 0; v < n; v++) {
            users[fill[predSet[v]]++] = v;
        }

        // The sets each job belongs to, ascending, as CSR: its successors are their users.
        int[] memberOffsets = new int[n + 1];
        for (int[] set : sets) {
            for (int u : set) {
                memberOffsets[u + 1]++;
            }
        }
        prefixSum(memberOffsets);
        int[] memberOf = new int[memberOffsets[n]];
        fill = Arrays.copyOf(memberOffsets, n);
        for (int s = 0; s < setCount; s++) {
            for (int u : sets.get(s)) {
                memberOf[fill[u]++] = s;
            }
        }

        int[] display = collapse
                ? collapsedBoxes(predSet, setCount, memberOffsets, memberOf, threshold)
                : oneBoxPerJob();

        // Edges: for each predecessor set, its members' boxes -> its users' boxes. A box's jobs all
        // have the same predecessor set, so no edge is produced twice.
        int[] mark = new int[nodes.size()];
        int stamp = 0;
        for (int s = 0; s < setCount; s++) {
            int[] set = sets.get(s);
            if (set.length == 0) {
                continue;
            }
            int[] sources = distinctBoxes(display, set, 0, set.length, mark, ++stamp);
            int[] targets = distinctBoxes(display, users, userOffsets[s], userOffsets[s + 1], mark, ++stamp);
            connect(sources, targets, false);
        }

        addCallbacks(callbacks, display, memberOffsets, mark, ++stamp);
        return new Diagram(nodes, edges, display);
    }

    /**
     * Numbers the distinct predecessor sets (equal contents, one number) and fills {@code predSet[v]}
     * with job v's. Looks up by the Dag's list first, so a list shared by a whole Group is hashed once,
     * not once per member.
     */
    private List<int[]> canonicalSets(int[] predSet) {
        List<int[]> sets = new ArrayList<>();
        int[] byList = new int[dag.listCount()]; // the Dag's list -> set number + 1
        Map<IntArrayKey, Integer> byContent = new HashMap<>();
        for (int v = 0; v < dag.size(); v++) {
            int l = dag.listOf(v);
            if (byList[l] == 0) {
                int[] p = dag.predecessors(v);
                IntArrayKey key = new IntArrayKey(p);
                Integer id = byContent.get(key);
                if (id == null) {
                    id = sets.size();
                    sets.add(p);
                    byContent.put(key, id);
                }
                byList[l] = id + 1;
            }
            predSet[v] = byList[l] - 1;
        }
        return sets;
    }

    private int[] oneBoxPerJob() {
        int n = dag.size();
        int[] display = new int[n];
        for (int v = 0; v < n; v++) {
            display[v] = nodes.size();
            nodes.add(jobNode(v));
        }
        return display;
    }

    /** Groups like jobs; a group of at least {@code threshold} jobs becomes one box, others one box each. */
    private int[] collapsedBoxes(int[] predSet, int setCount, int[] memberOffsets, int[] memberOf, int threshold) {
        int n = dag.size();
        // Successor signature: -1 none, s for "member of set s only", setCount + k for a combination.
        Map<IntArrayKey, Integer> combinations = new HashMap<>();
        Map<LikeKey, Integer> classes = new HashMap<>();
        int[] classOf = new int[n];
        int[] classSize = new int[n];
        int[] classLast = new int[n];
        for (int v = 0; v < n; v++) {
            int from = memberOffsets[v];
            int to = memberOffsets[v + 1];
            int successors;
            if (to == from) {
                successors = -1;
            } else if (to - from == 1) {
                successors = memberOf[from];
            } else {
                IntArrayKey key = new IntArrayKey(Arrays.copyOfRange(memberOf, from, to));
                Integer k = combinations.get(key);
                if (k == null) {
                    k = combinations.size();
                    combinations.put(key, k);
                }
                successors = setCount + k;
            }
            Job job = dag.template(v);
            LikeKey key = new LikeKey(job.name(), job.output(), predSet[v], successors);
            Integer c = classes.get(key);
            if (c == null) {
                c = classes.size();
                classes.put(key, c);
            }
            classOf[v] = c;
            classSize[c]++;
            classLast[c] = v;
        }

        int[] boxOfClass = new int[classes.size()];
        Arrays.fill(boxOfClass, -1);
        int[] display = new int[n];
        for (int v = 0; v < n; v++) {
            int c = classOf[v];
            if (classSize[c] < threshold) {
                display[v] = nodes.size();
                nodes.add(jobNode(v));
            } else {
                if (boxOfClass[c] < 0) { // v is the class's first job: boxes come in id order
                    boxOfClass[c] = nodes.size();
                    nodes.add(collapsedNode(v, classLast[c], classSize[c]));
                }
                display[v] = boxOfClass[c];
            }
        }
        return display;
    }

    private void addCallbacks(Map<Callback, Job> callbacks, int[] display, int[] memberOffsets, int[] mark, int stamp) {
        if (callbacks.isEmpty()) {
            return;
        }
        int n = dag.size();
        IntList terminals = new IntList();
        for (int v = 0; v < n; v++) {
            int box = display[v];
            if (memberOffsets[v] == memberOffsets[v + 1] && mark[box] != stamp) {
                mark[box] = stamp;
                terminals.add(box);
            }
        }
        IntList callbackBoxes = new IntList();
        for (Callback when : Callback.values()) {
            Job job = callbacks.get(when);
            if (job != null) {
                callbackBoxes.add(nodes.size());
                List<String> lines = new ArrayList<>();
                lines.add(when.jsonName() + ": " + shortName(job.name()));
                addOutput(lines, job.output());
                nodes.add(new Node("cb_" + when.jsonName(), Kind.CALLBACK, lines, job.name()));
            }
        }
        connect(terminals.toArray(), callbackBoxes.toArray(), true);
    }

    private void connect(int[] sources, int[] targets, boolean dashed) {
        if (sources.length >= 2 && targets.length >= 2 && (long) sources.length * targets.length > MAX_CROSSING_EDGES) {
            int join = nodes.size();
            nodes.add(new Node("join" + (++joins), Kind.JOIN, List.of(), null));
            for (int s : sources) {
                edges.add(new Edge(s, join, dashed));
            }
            for (int t : targets) {
                edges.add(new Edge(join, t, dashed));
            }
            return;
        }
        for (int s : sources) {
            for (int t : targets) {
                edges.add(new Edge(s, t, dashed));
            }
        }
    }

    /** The distinct boxes of {@code jobs[from..to)}, in first-seen order. */
    private static int[] distinctBoxes(int[] display, int[] jobs, int from, int to, int[] mark, int stamp) {
        IntList boxes = new IntList();
        for (int i = from; i < to; i++) {
            int box = display[jobs[i]];
            if (mark[box] != stamp) {
                mark[box] = stamp;
                boxes.add(box);
            }
        }
        return boxes.toArray();
    }

    private Node jobNode(int v) {
        Job job = dag.template(v);
        List<String> lines = new ArrayList<>(2);
        lines.add((v + 1) + ": " + shortName(job.name()));
        addOutput(lines, job.output());
        return new Node("j" + (v + 1), Kind.JOB, lines, job.name());
    }

    private Node collapsedNode(int first, int last, int count) {
        Job job = dag.template(first);
        List<String> lines = new ArrayList<>(3);
        lines.add("Group \u00d7 " + count + " of " + shortName(job.name()));
        // Like jobs are usually consecutive ids (a Group's members); say so when they are not.
        lines.add("ids " + (first + 1) + ".." + (last + 1) + (last - first + 1 == count ? "" : " (interleaved)"));
        addOutput(lines, job.output());
        return new Node("g" + (first + 1), Kind.COLLAPSED, lines, job.name());
    }

    private static void addOutput(List<String> lines, String output) {
        if (output != null) {
            lines.add("output: " + output);
        }
    }

    /** {@code com.acme.Reports.start} -> {@code Reports.start}; nested classes lose their outer class. */
    static String shortName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name;
        }
        String owner = name.substring(0, dot);
        int cut = Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$'));
        return name.substring(cut + 1);
    }

    private static void prefixSum(int[] a) {
        for (int i = 1; i < a.length; i++) {
            a[i] += a[i - 1];
        }
    }

    private record LikeKey(String name, String output, int predecessors, int successors) {
    }


    private static final class IntList {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
