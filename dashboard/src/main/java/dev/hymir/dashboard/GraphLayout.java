package dev.hymir.dashboard;

import dev.hymir.WorkflowDiagram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where each box of a workflow diagram goes: a layered (Sugiyama-style) drawing computed on the
 * server, so the browser only paints. Layers by longest path from the sources, order within a layer
 * by a few barycenter sweeps (fewer crossings), layers wider than {@link #MAX_PER_ROW} boxes wrapped
 * into several rows. Time O(sweeps × (arrows + boxes log boxes)): a few ms for thousands of boxes.
 */
final class GraphLayout {
    static final int BOX_WIDTH = 270;
    static final int LINE_HEIGHT = 15;
    static final int PADDING = 7;
    static final int STRIP = 6;
    static final int JOIN_SIZE = 10;
    static final int H_GAP = 22;
    static final int LAYER_GAP = 54;
    static final int ROW_GAP = 14;
    static final int MAX_PER_ROW = 40;
    private static final int SWEEPS = 4;

    final int[] x;
    final int[] y;
    final int[] w;
    final int[] h;
    final int width;
    final int height;

    private GraphLayout(int[] x, int[] y, int[] w, int[] h, int width, int height) {
        this.x = x;
        this.y = y;
        this.w = w;
        this.h = h;
        this.width = width;
        this.height = height;
    }

    static GraphLayout of(WorkflowDiagram.Model model) {
        List<WorkflowDiagram.Box> boxes = model.boxes();
        int n = boxes.size();
        int[][] preds = adjacency(model.arrows(), n, true);
        int[][] succs = adjacency(model.arrows(), n, false);

        int[] layer = longestPathLayers(preds, succs);
        int layers = 0;
        for (int l : layer) {
            layers = Math.max(layers, l + 1);
        }
        List<List<Integer>> byLayer = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            byLayer.add(new ArrayList<>());
        }
        for (int v = 0; v < n; v++) {
            byLayer.get(layer[v]).add(v); // box order first: ids ascending, as the workflow reads
        }
        double[] pos = new double[n];
        double[] key = new double[n];
        place(byLayer, pos);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int i = 0; i < layers; i++) {
                int l = down ? i : layers - 1 - i;
                reorder(byLayer.get(l), down ? preds : succs, pos, key);
            }
        }

        int[] w = new int[n];
        int[] h = new int[n];
        for (int v = 0; v < n; v++) {
            WorkflowDiagram.Box box = boxes.get(v);
            if (box.kind() == WorkflowDiagram.BoxKind.JOIN) {
                w[v] = JOIN_SIZE;
                h[v] = JOIN_SIZE;
            } else {
                w[v] = BOX_WIDTH;
                h[v] = 2 * PADDING + LINE_HEIGHT * Math.max(1, box.lines().size()) + STRIP;
            }
        }
        // Rows: a layer of more than MAX_PER_ROW boxes wraps into rows of equal length.
        List<int[]> rows = new ArrayList<>();
        List<Boolean> firstOfLayer = new ArrayList<>();
        for (List<Integer> members : byLayer) {
            int rowCount = (members.size() + MAX_PER_ROW - 1) / MAX_PER_ROW;
            int perRow = Math.max(1, (members.size() + rowCount - 1) / Math.max(1, rowCount)); // balanced rows
            for (int from = 0; from < members.size(); from += perRow) {
                List<Integer> slice = members.subList(from, Math.min(members.size(), from + perRow));
                rows.add(slice.stream().mapToInt(Integer::intValue).toArray());
                firstOfLayer.add(from == 0);
            }
        }
        int width = 0;
        int[] rowWidth = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            int sum = 0;
            for (int v : rows.get(r)) {
                sum += w[v];
            }
            rowWidth[r] = sum + H_GAP * Math.max(0, rows.get(r).length - 1);
            width = Math.max(width, rowWidth[r]);
        }
        int[] x = new int[n];
        int[] y = new int[n];
        int top = 0;
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                top += firstOfLayer.get(r) ? LAYER_GAP : ROW_GAP;
            }
            int rowHeight = 0;
            for (int v : rows.get(r)) {
                rowHeight = Math.max(rowHeight, h[v]);
            }
            int left = (width - rowWidth[r]) / 2;
            for (int v : rows.get(r)) {
                x[v] = left;
                y[v] = top + (rowHeight - h[v]) / 2;
                left += w[v] + H_GAP;
            }
            top += rowHeight;
        }
        return new GraphLayout(x, y, w, h, width, top);
    }

    private static int[][] adjacency(List<WorkflowDiagram.Arrow> arrows, int n, boolean incoming) {
        int[] degree = new int[n];
        for (WorkflowDiagram.Arrow a : arrows) {
            degree[incoming ? a.to() : a.from()]++;
        }
        int[][] adj = new int[n][];
        for (int v = 0; v < n; v++) {
            adj[v] = new int[degree[v]];
        }
        Arrays.fill(degree, 0);
        for (WorkflowDiagram.Arrow a : arrows) {
            int v = incoming ? a.to() : a.from();
            adj[v][degree[v]++] = incoming ? a.from() : a.to();
        }
        return adj;
    }

    /** Layer = length of the longest path from a source (Kahn's order; the diagram is acyclic). */
    private static int[] longestPathLayers(int[][] preds, int[][] succs) {
        int n = preds.length;
        int[] remaining = new int[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int v = 0; v < n; v++) {
            remaining[v] = preds[v].length;
            if (remaining[v] == 0) {
                queue[tail++] = v;
            }
        }
        int[] layer = new int[n];
        while (head < tail) {
            int v = queue[head++];
            for (int s : succs[v]) {
                layer[s] = Math.max(layer[s], layer[v] + 1);
                if (--remaining[s] == 0) {
                    queue[tail++] = s;
                }
            }
        }
        return layer;
    }

    /** Positions as fractions of each layer's width, so wide and narrow layers compare. */
    private static void place(List<List<Integer>> byLayer, double[] pos) {
        for (List<Integer> members : byLayer) {
            for (int i = 0; i < members.size(); i++) {
                pos[members.get(i)] = (i + 0.5) / members.size();
            }
        }
    }

    /** Sorts a layer by the mean position of each box's neighbours in the given direction (stable). */
    private static void reorder(List<Integer> members, int[][] neighbours, double[] pos, double[] key) {
        if (members.size() < 2) {
            return;
        }
        for (int v : members) {
            int[] nb = neighbours[v];
            if (nb.length == 0) {
                key[v] = pos[v];
                continue;
            }
            double sum = 0;
            for (int u : nb) {
                sum += pos[u];
            }
            key[v] = sum / nb.length;
        }
        members.sort(Comparator.comparingDouble(v -> key[v]));
        for (int i = 0; i < members.size(); i++) {
            pos[members.get(i)] = (i + 0.5) / members.size();
        }
    }
}
