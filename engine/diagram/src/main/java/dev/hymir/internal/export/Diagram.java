package dev.hymir.internal.export;

import java.util.List;

/**
 * What a workflow diagram shows, before it is written as DOT or Mermaid: a small graph of boxes.
 * Edges refer to nodes by their index in {@link #nodes()}; {@code jobNodes[i]} is the index of the
 * node job {@code i} (id {@code i + 1}) is drawn in (shared, not copied: never modify it).
 */
public record Diagram(List<Node> nodes, List<Edge> edges, int[] jobNodes) {

    public enum Kind {
        /** One job. */
        JOB,
        /** A run of like siblings (same name, output, predecessors and successors) drawn as one box. */
        COLLAPSED,
        /** A point that stands for "all of these wait for all of those", instead of M×N crossing edges. */
        JOIN,
        /** A callback job; it runs once when the workflow ends. */
        CALLBACK
    }

    /**
     * @param id      safe in DOT and Mermaid: letters, digits and '_', starting with a letter
     * @param lines   the label, one entry per line, unescaped (each writer escapes for its format)
     * @param tooltip the job's full name, or null
     */
    public record Node(String id, Kind kind, List<String> lines, String tooltip) {
        public Node {
            lines = List.copyOf(lines);
        }
    }

    /** {@code dashed}: an edge to a callback, which runs after the workflow rather than after a job. */
    public record Edge(int source, int target, boolean dashed) {
    }

    public Diagram {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
