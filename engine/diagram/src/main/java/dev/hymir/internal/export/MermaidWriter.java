package dev.hymir.internal.export;

import dev.hymir.internal.export.Diagram.Edge;
import dev.hymir.internal.export.Diagram.Node;

import java.util.List;

/**
 * Writes a {@link Diagram} as a Mermaid {@code flowchart TD}. By hand: JGraphT has no Mermaid
 * exporter. Node ids come from the diagram (letters, digits, '_'; never Mermaid's reserved
 * {@code end}); labels are double-quoted with Mermaid's {@code #code;} entities for anything that
 * could end the quote or be read as HTML.
 */
public final class MermaidWriter {
    private MermaidWriter() {
    }

    public static String write(Diagram diagram) {
        List<Node> nodes = diagram.nodes();
        StringBuilder out = new StringBuilder(64 + 48 * nodes.size());
        out.append("flowchart TD\n");
        StringBuilder callbacks = new StringBuilder();
        for (Node node : nodes) {
            out.append("  ").append(node.id());
            String label = '"' + label(node.lines()) + '"';
            switch (node.kind()) {
                case JOB -> out.append('[').append(label).append(']');
                case COLLAPSED -> out.append("[[").append(label).append("]]"); // a framed box: many jobs
                case JOIN -> out.append("((\" \"))");
                case CALLBACK -> {
                    out.append('[').append(label).append(']');
                    callbacks.append(callbacks.isEmpty() ? "" : ",").append(node.id());
                }
            }
            out.append('\n');
        }
        for (Edge e : diagram.edges()) {
            out.append("  ").append(nodes.get(e.source()).id())
                    .append(e.dashed() ? " -.-> " : " --> ")
                    .append(nodes.get(e.target()).id()).append('\n');
        }
        if (!callbacks.isEmpty()) {
            out.append("  classDef callback stroke-dasharray: 5 5\n");
            out.append("  class ").append(callbacks).append(" callback\n");
        }
        return out.toString();
    }

    /** Lines joined by {@code <br/>}; each line escaped. */
    static String label(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            if (!b.isEmpty()) {
                b.append("<br/>");
            }
            escape(line, b);
        }
        return b.toString();
    }

    private static void escape(String text, StringBuilder b) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '#', '<', '>', '&', '`' -> b.append('#').append((int) c).append(';');
                default -> b.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
    }
}
