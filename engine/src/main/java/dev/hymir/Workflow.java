package dev.hymir;

import dev.hymir.internal.ReservedInputs;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.DagBuilder;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A DAG of jobs, built from a Chain/Group tree ({@link #of}) or a JGraphT graph ({@link #fromGraph}),
 * plus the callbacks to run when it ends. The graph is immutable; the callbacks are registered on the
 * workflow itself with {@link #on}, as in Hymir, so {@code wf.on(...)} written as a statement is
 * never lost. One Workflow can be run many times, on many executors: {@code run()} takes a snapshot
 * of the callbacks registered at that moment, so registering another one later changes the runs
 * started afterwards, not a running one. Structural problems (empty steps, cycles, inputs nobody
 * outputs) are rejected here; problems that need the job functions themselves (unknown names, wrong
 * arity) by {@link JobRegistry#validate} at {@code run()}. Thread-safe: the callbacks are held
 * copy-on-write, so readers never see a half-registered one.
 *
 * <pre>{@code
 * Workflow wf = Workflow.of(Chain.of(
 *         Job.of(Reports::onboard),
 *         Group.of(Job.of(Reports::inventory), Job.of(Reports::sales)),
 *         Job.of(Reports::process)));
 * wf.on(Callback.ON_FINISHED, Job.of(Reports::notifyDone));   // registers on wf (also chains: returns wf)
 * }</pre>
 */
public final class Workflow {
    private final Dag dag;
    /** Copy-on-write: an unmodifiable map, replaced whole by {@link #on} under the object's lock. */
    private volatile Map<Callback, Job> callbacks;
    /** A run's snapshot ({@link #frozen()}): {@link #on} refuses to change it. */
    private final boolean frozen;

    private Workflow(Dag dag, Map<Callback, Job> callbacks) {
        this.dag = dag;
        this.callbacks = callbacks;
        this.frozen = false;
        requireBoundInputs();
    }

    /** A snapshot sharing {@code source}'s DAG: already validated, so not checked again. */
    private Workflow(Workflow source) {
        this.dag = source.dag;
        this.callbacks = source.callbacks;
        this.frozen = true;
    }

    /** A workflow of one step: a Job, a Chain or a Group. */
    public static Workflow of(Step root) {
        if (root == null) {
            throw new InvalidWorkflow.EmptyStep("Workflow.of: root must not be null; a workflow needs at least one job");
        }
        return new Workflow(Definitions.fromTree(root), Map.of());
    }

    /**
     * A workflow from any JGraphT DAG of jobs: an edge {@code a -> b} makes {@code b} wait for
     * {@code a}. Jobs keep their identities when these are exactly "1".."n"; otherwise they get
     * "1".."n" in vertex order. A cycle is rejected with its job ids and names.
     */
    public static Workflow fromGraph(Graph<Job, DefaultEdge> graph) {
        Args.notNull(graph, "Workflow.fromGraph", "graph");
        return new Workflow(Definitions.fromGraph(graph), Map.of());
    }

    /** Reads the JSON written by {@link #toJson()} (Hymir's networkx {@code node_link_data} form). */
    public static Workflow fromJson(String json) {
        Args.notNull(json, "Workflow.fromJson", "json");
        WorkflowJson.Parsed parsed = WorkflowJson.read(json);
        return new Workflow(parsed.dag(), parsed.callbacks());
    }

    /**
     * Builds a DAG job by job and edge by edge, without a JGraphT graph: the compact way to define a
     * large arbitrary DAG (a JGraphT graph of 10^6 jobs holds about a gigabyte).
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects jobs and edges; {@link #build()} validates them like {@link #fromGraph}. Jobs that are
     * the same Job (or equal ones) are stored once, so 10^7 copies of one job cost a few bytes each.
     */
    public static final class Builder {
        private final JobTemplates templates = new JobTemplates();
        private final DagBuilder lists = new DagBuilder(false, false);
        private int[] sources = new int[16];
        private int[] targets = new int[16];
        private int edges;
        private final Map<Callback, Job> callbacks = new EnumMap<>(Callback.class);

        private Builder() {
        }

        /** Adds a job; returns the id it gets ("1", "2", ... in the order added). */
        public String add(Job job) {
            return Integer.toString(addAfter(job));
        }

        /**
         * Adds a job that waits for the jobs with ids {@code predecessorIds} (each added before it), and
         * returns its id as a number (1, 2, ... in the order added): the compact way to build a DAG of
         * 10^7 jobs, with no id strings and no edge list held.
         */
        public int addAfter(Job job, int... predecessorIds) {
            Args.notNull(job, "Workflow.Builder.add", "job");
            Args.notNull(predecessorIds, "Workflow.Builder.addAfter", "predecessorIds");
            int index = lists.jobCount();
            int[] preds = predecessorIds;
            if (preds.length > 0) {
                preds = preds.clone();
                for (int k = 0; k < preds.length; k++) {
                    int p = preds[k];
                    if (p < 1 || p > index) {
                        throw new JobDoesNotExist(Integer.toString(p), "job " + (index + 1) + " can only wait for jobs added"
                                + " before it, 1.." + index);
                    }
                    preds[k] = p - 1;
                }
            }
            lists.job(templates.indexOf(job), lists.list(preds));
            return index + 1;
        }

        /** Makes job {@code to} wait for job {@code from} (ids returned by {@link #add}). */
        public Builder edge(String from, String to) {
            Args.notNull(from, "Workflow.Builder.edge", "from");
            Args.notNull(to, "Workflow.Builder.edge", "to");
            int f = index(from, "from");
            int t = index(to, "to");
            if (edges == sources.length) {
                sources = java.util.Arrays.copyOf(sources, edges * 2);
                targets = java.util.Arrays.copyOf(targets, edges * 2);
            }
            sources[edges] = f;
            targets[edges] = t;
            edges++;
            return this;
        }

        /** Adds a callback, as {@link Workflow#on}. */
        public Builder on(Callback when, Job job) {
            Args.notNull(when, "Workflow.Builder.on", "when");
            Args.notNull(job, "Workflow.Builder.on", "job");
            callbacks.put(when, job.withIdentity(null));
            return this;
        }

        /** The workflow; rejects an empty builder and cycles. */
        public Workflow build() {
            int n = lists.jobCount();
            if (n == 0) {
                throw new InvalidWorkflow.EmptyStep("Workflow.builder(): no jobs were added");
            }
            Dag dag;
            if (edges == 0) {
                dag = lists.build(templates.toArray());
            } else { // edges given one by one: merge them with the lists given in addAfter
                Dag given = lists.build(templates.toArray());
                int total = edges;
                for (int v = 0; v < n; v++) {
                    total += given.predecessorCount(v);
                }
                int[] from = java.util.Arrays.copyOf(sources, total);
                int[] to = java.util.Arrays.copyOf(targets, total);
                int k = edges;
                int[] templateOf = new int[n];
                for (int v = 0; v < n; v++) {
                    templateOf[v] = given.templateIndex(v);
                    for (int p : given.predecessors(v)) {
                        from[k] = p;
                        to[k++] = v;
                    }
                }
                dag = DagBuilder.fromEdges(templates.toArray(), templateOf, n, from, to, total);
            }
            return new Workflow(dag, Collections.unmodifiableMap(new EnumMap<>(callbacks)));
        }

        private int index(String id, String which) {
            int i = parseIndex(id, lists.jobCount());
            if (i < 0) {
                throw new JobDoesNotExist(id, "edge " + which + " must be an id returned by add(), 1.." + lists.jobCount());
            }
            return i;
        }
    }

    static Workflow restore(Dag dag, Map<Callback, Job> callbacks) {
        return new Workflow(dag, callbacks);
    }

    /**
     * Registers {@code job} to run once when this workflow ends ({@link Callback#ON_FINISHED}: always;
     * {@code ON_SUCCESS} / {@code ON_FAILURE}: only then), replacing an earlier callback of the same
     * kind, and returns this workflow (so {@code wf.on(...)} as a statement, {@code wf = wf.on(...)} and
     * {@code Workflow.of(...).on(...).on(...)} all register). A callback may request reserved inputs
     * and outputs of the workflow's jobs; its result is ignored. Runs already started keep the
     * callbacks they started with.
     *
     * @throws IllegalArgumentException      {@code when} or {@code job} is null
     * @throws InvalidWorkflow.UnboundInput  the callback reads an input no job outputs (nothing is registered)
     * @throws IllegalStateException         this is a run's snapshot ({@code engine.workflow(id)}), which never changes
     */
    public Workflow on(Callback when, Job job) {
        Args.notNull(when, "Workflow.on", "when");
        Args.notNull(job, "Workflow.on", "job");
        if (frozen) {
            throw new IllegalStateException("Workflow.on(" + when + ", " + job + "): this Workflow is the snapshot a run"
                    + " started with and never changes; register callbacks on the Workflow you pass to run()");
        }
        Job callback = job.withIdentity(null);
        requireBound(callback, when + " callback", outputs());
        synchronized (this) {
            Map<Callback, Job> copy = new EnumMap<>(Callback.class);
            copy.putAll(callbacks);
            copy.put(when, callback);
            callbacks = Collections.unmodifiableMap(copy);
        }
        return this;
    }

    /**
     * This workflow with its callbacks as they are now, sharing the (immutable) DAG: what an engine
     * holds for a run, so a callback registered on this workflow afterwards does not change the run.
     */
    Workflow frozen() {
        return frozen ? this : new Workflow(this);
    }

    /** The callbacks registered now, by when they run (an unmodifiable snapshot). */
    public Map<Callback, Job> callbacks() {
        return callbacks;
    }

    /** The number of jobs (callbacks not counted). */
    public int size() {
        return dag.size();
    }

    /** Every job by id, in id order. A view: cheap even for 10^6 jobs. */
    public Map<String, Job> jobs() {
        return new JobsView(dag);
    }

    /** The job with this id. */
    public Job job(String id) {
        Args.notNull(id, "Workflow.job", "id");
        int index = indexOf(id);
        if (index < 0) {
            throw new JobDoesNotExist(id, "this workflow has jobs 1.." + dag.size());
        }
        return dag.template(index).withIdentity(id);
    }

    /**
     * Each job with the ids of the jobs it waits for (ascending), in topological order; jobs ready at
     * the same time come in ascending id order. This is Hymir's view: after {@code Group(a, b)} a job
     * lists both, however the engine compiles it.
     */
    public List<Dependency> dependencies() {
        int[] order = dag.topologicalOrder();
        List<Dependency> result = new ArrayList<>(order.length);
        Map<Integer, List<String>> shared = new java.util.HashMap<>(); // one list per predecessor list
        for (int v : order) {
            List<String> ids = shared.computeIfAbsent(dag.listOf(v), l -> {
                List<String> list = new ArrayList<>(dag.listSize(l));
                for (int k = dag.listStart(l); k < dag.listStart(l) + dag.listSize(l); k++) {
                    list.add(Integer.toString(dag.listItems()[k] + 1));
                }
                return List.copyOf(list);
            });
            result.add(new Dependency(Integer.toString(v + 1), ids));
        }
        return Collections.unmodifiableList(result);
    }

    /** The output variables the workflow's jobs write. */
    public Set<String> outputs() {
        Set<String> outputs = new TreeSet<>();
        for (Job job : dag.templates()) {
            if (job.output() != null) {
                outputs.add(job.output());
            }
        }
        return Collections.unmodifiableSet(outputs);
    }

    /** The variables the workflow's jobs and callbacks read (output names; reserved inputs included). */
    public Set<String> inputs() {
        Set<String> inputs = new TreeSet<>();
        for (Job job : dag.templates()) {
            for (Job.Input input : job.inputs()) {
                inputs.add(input.output());
            }
        }
        for (Job callback : callbacks.values()) {
            for (Job.Input input : callback.inputs()) {
                inputs.add(input.output());
            }
        }
        return Collections.unmodifiableSet(inputs);
    }

    /**
     * A JGraphT copy of Hymir's graph (one edge per dependency), built on demand for algorithms and
     * export. It is O(edges): for very large workflows prefer {@link #dependencies()} or the engine.
     */
    public Graph<Job, DefaultEdge> graph() {
        Graph<Job, DefaultEdge> g = GraphTypeBuilder.<Job, DefaultEdge>directed()
                .allowingMultipleEdges(false).allowingSelfLoops(false)
                .edgeClass(DefaultEdge.class).buildGraph();
        Job[] jobs = new Job[dag.size()];
        for (int i = 0; i < dag.size(); i++) {
            jobs[i] = dag.template(i).withIdentity(Integer.toString(i + 1));
            g.addVertex(jobs[i]);
        }
        for (int i = 0; i < dag.size(); i++) {
            for (int p : dag.predecessors(i)) {
                g.addEdge(jobs[p], jobs[i]);
            }
        }
        return g;
    }

    /**
     * This workflow as JSON, in the layout Python Hymir reads: networkx {@code node_link_data} with
     * jobs as {@code {"n","i","a","k",">","<","m"}} and a {@code callbacks} object. Round-trips:
     * {@code fromJson(toJson()).toJson()} equals {@code toJson()}.
     */
    public String toJson() {
        return WorkflowJson.write(dag, callbacks);
    }

    /**
     * The compact JSON form: {@link #toJson()}'s object with each distinct predecessor list written
     * once instead of one link per edge ({@code fromJson} reads both; Python Hymir only the other).
     */
    String toCompactJson() {
        return WorkflowJson.writeCompact(dag, callbacks);
    }

    /** A workflow from a journaled definition: binary ({@link WorkflowBinary}), or JSON text from older journals. */
    static Workflow fromDefinition(byte[] definition) {
        return WorkflowBinary.isBinary(definition) ? WorkflowBinary.read(definition)
                : fromJson(new String(definition, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The compiled form, for the engine and exporters. */
    Dag dag() {
        return dag;
    }

    int indexOf(String id) {
        return parseIndex(id, dag.size());
    }

    @Override
    public String toString() {
        Map<Callback, Job> now = callbacks;
        return "Workflow(" + dag.size() + " jobs" + (now.isEmpty() ? "" : ", callbacks " + now.keySet()) + ")";
    }

    private void requireBoundInputs() {
        Set<String> outputs = new LinkedHashSet<>();
        for (Job job : dag.templates()) {
            if (job.output() != null) {
                outputs.add(job.output());
            }
        }
        for (int t = 0; t < dag.templateCount(); t++) {
            Job job = dag.templateAt(t);
            if (!job.inputs().isEmpty()) {
                requireBound(job, "job " + firstJobOf(t), outputs);
            }
        }
        for (Map.Entry<Callback, Job> e : callbacks.entrySet()) {
            requireBound(e.getValue(), e.getKey() + " callback", outputs);
        }
    }

    /** The id of the first job that is template {@code t} (for messages). */
    private String firstJobOf(int t) {
        for (int i = 0; i < dag.size(); i++) {
            if (dag.templateIndex(i) == t) {
                return Integer.toString(i + 1);
            }
        }
        return "?";
    }

    private static void requireBound(Job job, String where, Set<String> outputs) {
        for (Job.Input input : job.inputs()) {
            if (!outputs.contains(input.output()) && !ReservedInputs.isReserved(input.output())) {
                throw new InvalidWorkflow.UnboundInput(input.output(), where + " (" + job.name() + ") reads input '"
                        + input.output() + "' but no job of the workflow outputs it"
                        + (outputs.isEmpty() ? " (no job has an output)" : " (outputs: " + outputs + ")")
                        + " and it is not reserved (workflow_id, job_id, workflow, job_state, workflow_state)");
            }
        }
    }

    /** {@code jobs()} without copying: id -> job over the DAG's array. */
    private static final class JobsView extends AbstractMap<String, Job> {
        private final Dag dag;

        JobsView(Dag dag) {
            this.dag = dag;
        }

        @Override
        public int size() {
            return dag.size();
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Job get(Object key) {
            if (!(key instanceof String id)) {
                return null;
            }
            int i = Workflow.parseIndex(id, dag.size());
            return i < 0 ? null : dag.template(i).withIdentity(id);
        }

        @Override
        public Set<Entry<String, Job>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Job>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < dag.size();
                        }

                        @Override
                        public Entry<String, Job> next() {
                            if (next >= dag.size()) {
                                throw new NoSuchElementException();
                            }
                            String id = Integer.toString(next + 1);
                            Job job = dag.template(next++).withIdentity(id);
                            return new SimpleImmutableEntry<>(id, job);
                        }
                    };
                }

                @Override
                public int size() {
                    return dag.size();
                }
            };
        }
    }

    static int parseIndex(String id, int size) {
        if (id == null || id.isEmpty() || id.length() > 10 || id.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return -1;
            }
        }
        long value = Long.parseLong(id);
        return value < 1 || value > size ? -1 : (int) value - 1;
    }
}
