package dev.hymir.internal.export;

import dev.hymir.internal.export.Diagram.Node;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link Diagram} as Graphviz DOT through JGraphT's {@link DOTExporter}. */
public final class DotWriter {
    private DotWriter() {
    }

    public static String write(Diagram diagram) {
        // The diagram is already small (collapsed), so a JGraphT graph of it costs little.
        Graph<Integer, DiagramEdge> graph = new DefaultDirectedGraph<>(null, null, false);
        List<Node> nodes = diagram.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            graph.addVertex(i);
        }
        for (Diagram.Edge e : diagram.edges()) {
            graph.addEdge(e.source(), e.target(), new DiagramEdge(e.dashed()));
        }

        DOTExporter<Integer, DiagramEdge> exporter = new DOTExporter<>(i -> nodes.get(i).id());
        exporter.setGraphIdProvider(() -> "workflow");
        exporter.setVertexAttributeProvider(i -> attributes(nodes.get(i)));
        exporter.setEdgeAttributeProvider(e -> e.dashed
                ? Map.of("style", DefaultAttribute.createAttribute("dashed"))
                : null); // null: no attribute list at all
        StringWriter out = new StringWriter();
        exporter.exportGraph(graph, out);
        return out.toString();
    }

    private static Map<String, Attribute> attributes(Node node) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        switch (node.kind()) {
            case JOB -> a.put("shape", attr("box"));
            case COLLAPSED -> a.put("shape", attr("box3d"));
            case JOIN -> {
                a.put("shape", attr("point"));
                a.put("width", attr("0.08"));
            }
            case CALLBACK -> {
                a.put("shape", attr("box"));
                a.put("style", attr("dashed"));
            }
        }
        if (!node.lines().isEmpty()) {
            a.put("label", attr(label(node.lines())));
        }
        if (node.tooltip() != null) {
            a.put("tooltip", attr(escape(node.tooltip())));
        }
        return a;
    }

    /** Lines joined by DOT's {@code \n}; the exporter quotes the value and escapes double quotes. */
    static String label(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            if (!b.isEmpty()) {
                b.append("\\n");
            }
            b.append(escape(line));
        }
        return b.toString();
    }

    /**
     * The exporter escapes double quotes but not backslashes, which DOT reads as escapes ({@code \n},
     * {@code \N}, or a quote's): double them, and turn control characters into spaces.
     */
    private static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (Character.isISOControl(c)) {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Attribute attr(String value) {
        return DefaultAttribute.createAttribute(value);
    }

    /** Each edge its own object (JGraphT needs distinct edge instances) carrying its style. */
    static final class DiagramEdge extends DefaultEdge {
        final boolean dashed;

        DiagramEdge(boolean dashed) {
            this.dashed = dashed;
        }
    }
}
