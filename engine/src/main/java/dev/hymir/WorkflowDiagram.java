package dev.hymir;

import dev.hymir.internal.export.Diagram;
import dev.hymir.internal.export.DiagramBuilder;
import dev.hymir.internal.export.DotWriter;
import dev.hymir.internal.export.GraphvizRenderer;
import dev.hymir.internal.export.MermaidWriter;

import java.nio.file.Path;
import java.time.Duration;

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
