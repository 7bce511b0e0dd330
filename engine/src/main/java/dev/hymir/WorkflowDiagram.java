package dev.hymir;

import dev.hymir.internal.export.Diagram;
import dev.hymir.internal.export.DiagramBuilder;
import dev.hymir.internal.export.DotWriter;
import dev.hymir.internal.export.GraphvizRenderer;
import dev.hymir.internal.export.MermaidWriter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures of a workflow: Graphviz DOT and Mermaid text, and SVG or PNG files rendered by Graphviz.
 *
 * <pre>{@code
 * String dot = WorkflowDiagram.dot(wf);
 * String mermaid = WorkflowDiagram.mermaid(wf);            // paste into Markdown
 * WorkflowDiagram.render(wf, Path.of("workflow.svg"));     // needs Graphviz's 'dot' on PATH
 * }</pre>
 *
 * <p>Each box shows a job's id, its short name ({@code Reports.start}) and its output, if any.
 * Repeated siblings collapse so that huge workflows stay readable: jobs with the same name and
 * output, the same predecessors and the same successors become one box, e.g.
 * {@code Group × 100000 of Reports.start, ids 2..100001}, once there are at least
 * {@link Options#collapseThreshold()} of them (3 by default). Where many boxes would all connect to
 * many others, the edges meet in one join point instead of crossing M×N times. Callbacks are dashed
 * boxes after the last jobs, joined by dashed edges: they run once when the workflow ends.
 *
 * <p>Building the picture is linear in the number of jobs; the text is as large as the picture, so
 * a 10^6-job workflow made of Groups gives a few lines, while one with collapse off gives 10^6 boxes.
 */
public final class WorkflowDiagram {
    /** How long {@link #render} lets Graphviz work before giving up. */
    static final Duration RENDER_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Drawing options.
     *
     * @param collapse          whether like siblings share one box
     * @param collapseThreshold how many like siblings it takes to share one box; at least 2
     */
    public record Options(boolean collapse, int collapseThreshold) {
        /** Collapse runs of 3 or more like siblings. */
        public static final Options DEFAULT = new Options(true, 3);

        public Options {
            if (collapseThreshold < 2) {
                throw new IllegalArgumentException("WorkflowDiagram.Options: collapseThreshold must be >= 2"
                        + " (a box of one job is just the job), was " + collapseThreshold);
            }
        }

        /** These options with one box per job. */
        @CheckReturnValue
        public Options withoutCollapse() {
            return new Options(false, collapseThreshold);
        }

        /** These options collapsing runs of at least {@code threshold} like siblings. */
        @CheckReturnValue
        public Options withCollapseThreshold(int threshold) {
            return new Options(true, threshold);
        }
    }

    private WorkflowDiagram() {
    }

    /** The workflow as Graphviz DOT text, with {@link Options#DEFAULT}. */
    public static String dot(Workflow wf) {
        return dot(wf, Options.DEFAULT);
    }

    public static String dot(Workflow wf, Options options) {
        return DotWriter.write(diagram(wf, options));
    }

    /** The workflow as a Mermaid {@code flowchart TD}, with {@link Options#DEFAULT}. */
    public static String mermaid(Workflow wf) {
        return mermaid(wf, Options.DEFAULT);
    }

    public static String mermaid(Workflow wf, Options options) {
        return MermaidWriter.write(diagram(wf, options));
    }

    /**
     * Renders the workflow to {@code file}, SVG or PNG by its extension, with {@link Options#DEFAULT}.
     *
     * @throws IllegalArgumentException if the extension is not {@code .svg} or {@code .png}
     * @throws IllegalStateException    if Graphviz's {@code dot} is not installed (the message says how to
     *                                  install it), fails, or takes longer than two minutes
     */
    public static void render(Workflow wf, Path file) {
        render(wf, file, Options.DEFAULT);
    }

    public static void render(Workflow wf, Path file, Options options) {
        render(wf, file, options, "dot");
    }

    /**
     * The diagram as data, to draw it yourself (the dashboard does): the boxes, the arrows between
     * them, and the box each job is drawn in, so per-box counts of job states can be kept current.
     * Same boxes as {@link #dot}; linear in the number of jobs.
     */
    public static Model model(Workflow wf, Options options) {
        Diagram d = diagram(wf, options);
        int[] jobsPerBox = new int[d.nodes().size()];
        for (int box : d.jobNodes()) {
            jobsPerBox[box]++;
        }
        List<Box> boxes = new ArrayList<>(d.nodes().size());
        for (int i = 0; i < d.nodes().size(); i++) {
            Diagram.Node n = d.nodes().get(i);
            boxes.add(new Box(n.id(), BoxKind.valueOf(n.kind().name()), n.lines(), n.tooltip(), jobsPerBox[i]));
        }
        List<Arrow> arrows = new ArrayList<>(d.edges().size());
        for (Diagram.Edge e : d.edges()) {
            arrows.add(new Arrow(e.source(), e.target(), e.dashed()));
        }
        return new Model(boxes, arrows, d.jobNodes());
    }

    /** What a box of a {@link Model} stands for. */
    public enum BoxKind {
        /** One job. */
        JOB,
        /** A run of like siblings (same name, output, predecessors and successors). */
        COLLAPSED,
        /** A point standing for "all of these wait for all of those" instead of M×N crossing arrows. */
        JOIN,
        /** A callback job: it runs once when the workflow ends (its state is not a job state). */
        CALLBACK
    }

    /**
     * One box of a {@link Model}.
     *
     * @param id    unique in the model: letters, digits and '_'
     * @param lines the label, one entry per line, unescaped
     * @param name  the full job name, or null for a join
     * @param jobs  how many of the workflow's jobs the box stands for (0 for joins and callbacks)
     */
    public record Box(String id, BoxKind kind, List<String> lines, String name, int jobs) {
        public Box {
            Args.notNull(id, "WorkflowDiagram.Box", "id");
            Args.notNull(kind, "WorkflowDiagram.Box", "kind");
            lines = List.copyOf(Args.noNulls(lines, "WorkflowDiagram.Box", "lines"));
        }
    }

    /** An arrow between two boxes, by their index in {@link Model#boxes()}; dashed into a callback. */
    public record Arrow(int from, int to, boolean dashed) {
    }

    /** A workflow's diagram as data; see {@link #model(Workflow, Options)}. Immutable. */
    public static final class Model {
        private final List<Box> boxes;
        private final List<Arrow> arrows;
        private final int[] jobBoxes;

        private Model(List<Box> boxes, List<Arrow> arrows, int[] jobBoxes) {
            this.boxes = List.copyOf(boxes);
            this.arrows = List.copyOf(arrows);
            this.jobBoxes = jobBoxes;
        }

        public List<Box> boxes() {
            return boxes;
        }

        public List<Arrow> arrows() {
            return arrows;
        }

        /** The number of jobs in the workflow. */
        public int jobCount() {
            return jobBoxes.length;
        }

        /**
         * The index in {@link #boxes()} of the box job {@code jobId} ("1", "2", ...) is drawn in.
         *
         * @throws JobDoesNotExist          for an id that is not one of the workflow's jobs
         * @throws IllegalArgumentException for a null id
         */
        public int boxOf(String jobId) {
            if (jobId == null) {
                throw new IllegalArgumentException("WorkflowDiagram.Model.boxOf: jobId must not be null");
            }
            int index = Workflow.parseIndex(jobId, jobBoxes.length);
            if (index < 0) {
                throw new JobDoesNotExist(jobId, "the diagram's workflow has jobs 1.." + jobBoxes.length);
            }
            return jobBoxes[index];
        }
    }

    /** With another Graphviz executable: tests point it at a missing file. */
    static void render(Workflow wf, Path file, Options options, String dotExecutable) {
        Args.notNull(wf, "WorkflowDiagram.render", "wf");
        Args.notNull(file, "WorkflowDiagram.render", "file");
        Args.notNull(options, "WorkflowDiagram.render", "options");
        GraphvizRenderer.formatOf(file); // a bad extension fails before any work
        GraphvizRenderer.render(dot(wf, options), file, dotExecutable, RENDER_TIMEOUT);
    }

    private static Diagram diagram(Workflow wf, Options options) {
        Args.notNull(wf, "WorkflowDiagram", "wf");
        Args.notNull(options, "WorkflowDiagram", "options");
        return DiagramBuilder.build(wf.dag(), wf.callbacks(), options.collapse(), options.collapseThreshold());
    }
}
