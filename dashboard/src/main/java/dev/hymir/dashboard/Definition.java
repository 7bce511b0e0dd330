package dev.hymir.dashboard;

import dev.hymir.Workflow;
import dev.hymir.WorkflowDiagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What never changes about a workflow run: its definition, its diagram (repeated siblings collapsed),
 * the box each job is drawn in, and the diagram's layout and JSON, computed once per id.
 */
final class Definition {
    /**
     * Diagrams with more boxes than this are not drawn (the job table still lists every job): the
     * layout would be a few MB of JSON and a canvas nobody can read. Reached by workflows without
     * repeated siblings, such as a chain of 10^5 jobs.
     */
    static final int MAX_DRAWN_BOXES = 20_000;

    final Workflow workflow;
    final Shape shape;
    /** The graph as the page draws it, as JSON: boxes with their place, arrows between them. */
    final byte[] graphJson;

    /**
     * The little a live update needs (4 bytes a job), kept longer than the definition itself: a
     * page's update every interval must not parse a 10^5-job definition again.
     *
     * @param jobBoxes  by job index, the index of the box the job is drawn in
     * @param callbacks the callbacks' names ({@code on_finished}, ...)
     */
    record Shape(int[] jobBoxes, int boxCount, List<String> callbacks) {
        int size() {
            return jobBoxes.length;
        }

        boolean drawn() {
            return boxCount <= MAX_DRAWN_BOXES;
        }
    }

    private Definition(Workflow workflow, Shape shape, byte[] graphJson) {
        this.workflow = workflow;
        this.shape = shape;
        this.graphJson = graphJson;
    }

    static Definition of(Workflow wf) {
        WorkflowDiagram.Model model = WorkflowDiagram.model(wf, WorkflowDiagram.Options.DEFAULT);
        int[] jobBoxes = new int[wf.size()];
        for (int i = 0; i < jobBoxes.length; i++) {
            jobBoxes[i] = model.boxOf(Integer.toString(i + 1));
        }
        List<String> callbacks = wf.callbacks().keySet().stream().map(c -> c.jsonName()).toList();
        return new Definition(wf, new Shape(jobBoxes, model.boxes().size(), callbacks), Json.bytes(graph(model)));
    }

    int size() {
        return shape.size();
    }

    private static Map<String, Object> graph(WorkflowDiagram.Model model) {
        Map<String, Object> graph = new LinkedHashMap<>();
        int boxCount = model.boxes().size();
        graph.put("boxCount", boxCount);
        if (boxCount > MAX_DRAWN_BOXES) {
            graph.put("drawn", false);
            graph.put("reason", "the graph has " + boxCount + " boxes even with repeated siblings collapsed"
                    + " (more than " + MAX_DRAWN_BOXES + " are not drawn); the job table lists every job");
            return graph;
        }
        GraphLayout layout = GraphLayout.of(model);
        List<Map<String, Object>> boxes = new ArrayList<>(boxCount);
        for (int i = 0; i < boxCount; i++) {
            WorkflowDiagram.Box b = model.boxes().get(i);
            Map<String, Object> box = new LinkedHashMap<>();
            box.put("id", b.id());
            box.put("kind", b.kind().name());
            box.put("lines", b.lines());
            box.put("name", b.name());
            box.put("jobs", b.jobs());
            box.put("x", layout.x[i]);
            box.put("y", layout.y[i]);
            box.put("w", layout.w[i]);
            box.put("h", layout.h[i]);
            boxes.add(box);
        }
        int[][] arrows = new int[model.arrows().size()][];
        for (int i = 0; i < arrows.length; i++) {
            WorkflowDiagram.Arrow a = model.arrows().get(i);
            arrows[i] = new int[] {a.from(), a.to(), a.dashed() ? 1 : 0};
        }
        graph.put("drawn", true);
        graph.put("width", layout.width);
        graph.put("height", layout.height);
        graph.put("boxes", boxes);
        graph.put("arrows", arrows);
        return graph;
    }
}
