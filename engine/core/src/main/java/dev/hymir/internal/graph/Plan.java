package dev.hymir.internal.graph;

/**
 * What the scheduler runs: the DAG as flat arrays. Nodes {@code [0, jobCount)} are jobs (node
 * {@code i} is job id {@code i + 1}); nodes {@code [jobCount, nodeCount)} are join nodes, which do no
 * work: a join stands for a predecessor set shared by several jobs, so instead of an edge from each
 * of M predecessors to each of N jobs (M×N) the plan has M edges into the join and N out of it.
 * Successors are in CSR form: those of node {@code v} are {@code targets[offsets[v] .. offsets[v+1])}.
 * {@code inDegree[v]} is how many predecessors (jobs or one join) node {@code v} waits for.
 */
public final class Plan {
    private final int jobCount;
    private final int nodeCount;
    private final int[] offsets;
    private final int[] targets;
    private final int[] inDegree;

    private Plan(int jobCount, int nodeCount, int[] offsets, int[] targets, int[] inDegree) {
        this.jobCount = jobCount;
        this.nodeCount = nodeCount;
        this.offsets = offsets;
        this.targets = targets;
        this.inDegree = inDegree;
    }

    /**
     * Compiles a DAG. A predecessor list of size M shared by N jobs becomes a join node when that saves
     * edges ({@code M×N > M+N}); the jobs still wait for exactly the same jobs. Use {@link Dag#plan()},
     * which compiles once.
     */
    public static Plan compile(Dag dag) {
        int n = dag.size();
        int lists = dag.listCount();
        int[] starts = new int[lists + 1];
        for (int l = 0; l <= lists; l++) {
            starts[l] = dag.listStart(l); // one entry past the last list: where the items end
        }
        int[] items = dag.listItems();
        // Which shared predecessor lists earn a join node: users per list, counted without hashing.
        int[] users = new int[lists];
        for (int v = 0; v < n; v++) {
            users[dag.listOf(v)]++;
        }
        int[] joinOfList = new int[lists]; // node index of the list's join, or -1
        int joins = 0;
        for (int l = 0; l < lists; l++) {
            long m = starts[l + 1] - starts[l];
            long k = users[l];
            joinOfList[l] = m >= 2 && k >= 2 && m * k > m + k ? n + joins++ : -1;
        }
        int nodes = n + joins;
        int[] joinList = new int[joins];
        for (int l = 0; l < lists; l++) {
            if (joinOfList[l] >= 0) {
                joinList[joinOfList[l] - n] = l;
            }
        }

        int[] inDegree = new int[nodes];
        int[] offsets = new int[nodes + 1];
        for (int v = 0; v < n; v++) {
            int l = dag.listOf(v);
            int join = joinOfList[l];
            if (join >= 0) {
                inDegree[v] = 1;
                offsets[join + 1]++;
            } else {
                inDegree[v] = starts[l + 1] - starts[l];
                for (int k = starts[l]; k < starts[l + 1]; k++) {
                    offsets[items[k] + 1]++;
                }
            }
        }
        for (int j = 0; j < joins; j++) {
            int l = joinList[j];
            inDegree[n + j] = starts[l + 1] - starts[l];
            for (int k = starts[l]; k < starts[l + 1]; k++) {
                offsets[items[k] + 1]++;
            }
        }
        for (int v = 0; v < nodes; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] targets = new int[offsets[nodes]];
        int[] fill = new int[nodes];
        System.arraycopy(offsets, 0, fill, 0, nodes);
        for (int v = 0; v < n; v++) {
            int l = dag.listOf(v);
            int join = joinOfList[l];
            if (join >= 0) {
                targets[fill[join]++] = v;
            } else {
                for (int k = starts[l]; k < starts[l + 1]; k++) {
                    targets[fill[items[k]]++] = v;
                }
            }
        }
        for (int j = 0; j < joins; j++) {
            int l = joinList[j];
            for (int k = starts[l]; k < starts[l + 1]; k++) {
                targets[fill[items[k]]++] = n + j;
            }
        }
        return new Plan(n, nodes, offsets, targets, inDegree);
    }

    public int jobCount() {
        return jobCount;
    }

    public int nodeCount() {
        return nodeCount;
    }

    public int edgeCount() {
        return targets.length;
    }

    public boolean isJoin(int node) {
        return node >= jobCount;
    }

    /** CSR offsets, length {@code nodeCount + 1}. Shared: never modify. */
    public int[] offsets() {
        return offsets;
    }

    /** CSR targets, length {@code edgeCount}. Shared: never modify. */
    public int[] targets() {
        return targets;
    }

    /** Initial in-degrees, length {@code nodeCount}. Shared: copy before counting down. */
    public int[] inDegree() {
        return inDegree;
    }
}
